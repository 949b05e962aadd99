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
  /** A buyer who paid, did not come and was paid back (the payment reversed): not a non-payment. */
  NoShowRefunded = 'no_show_refunded',
}
