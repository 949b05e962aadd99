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

/** States in which a wave has nothing to work at its points: a draft (not yet published), or cancelled (its orders with it). */
export const UNWORKED_WAVE_STATES: readonly WaveStatus[] = [WaveStatus.Draft, WaveStatus.Cancelled];

/**
 * States in which a wave holds the capacity it offers against its cooperative's availableKg, for
 * its order window: every published wave that was not cancelled. A draft holds nothing (it is
 * checked again when published); a cancelled wave gives its capacity back. A closed wave and the
 * states after it keep holding: the cooperative still owes what was ordered, and a wave closed
 * early because it sold out would otherwise free its whole capacity for another wave in the same
 * days. Only the window ends a hold, so waves of past weeks never block new ones.
 */
export const HOLDS_CAPACITY: readonly WaveStatus[] = [
  WaveStatus.Scheduled,
  WaveStatus.Open,
  WaveStatus.Closed,
  WaveStatus.Ordered,
  WaveStatus.Confirmed,
  WaveStatus.Delivered,
  WaveStatus.Completed,
];
