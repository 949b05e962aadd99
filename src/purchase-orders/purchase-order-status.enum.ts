/**
 * A purchase order is `sent` to its cooperative when the wave closes and `confirmed` by the
 * cooperative's manager (with or without a shortfall). Whether it has been shipped follows from its
 * shipments (one per dropping point) and is shown, not stored.
 */
export enum PurchaseOrderStatus {
  Sent = 'sent',
  Confirmed = 'confirmed',
}

/** What the API shows: the stored status, or `shipped` once every point that needs goods has them on the way. */
export type PurchaseOrderShownStatus = 'sent' | 'confirmed' | 'shipped';
