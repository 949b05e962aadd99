/**
 * draft -> scheduled -> open -> closed, or cancelled before closing. Purchase-order states
 * (ordered, confirmed, delivered, completed) follow closed.
 */
export enum WaveStatus {
  Draft = 'draft',
  Scheduled = 'scheduled',
  Open = 'open',
  Closed = 'closed',
  Ordered = 'ordered',
  Confirmed = 'confirmed',
  Delivered = 'delivered',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

/** States in which a wave has been published and not yet closed: it takes orders between its times. */
export const PUBLISHED_UNCLOSED: readonly WaveStatus[] = [WaveStatus.Scheduled, WaveStatus.Open];
