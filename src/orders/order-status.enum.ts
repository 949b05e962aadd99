/** placed -> paid -> ready -> picked_up, or ready -> out_for_delivery -> delivered; cancelled with a reason. */
export enum OrderStatus {
  Placed = 'placed',
  Paid = 'paid',
  Ready = 'ready',
  PickedUp = 'picked_up',
  OutForDelivery = 'out_for_delivery',
  Delivered = 'delivered',
  Cancelled = 'cancelled',
}

export enum Fulfilment {
  Pickup = 'pickup',
  Delivery = 'delivery',
}

export enum CancelReason {
  Buyer = 'buyer',
  Officer = 'officer_non_payment',
  PaymentDeadline = 'payment_deadline',
  WaveCancelled = 'wave_cancelled',
  Shortfall = 'shortfall',
}
