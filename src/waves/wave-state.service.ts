import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvent, DomainEvents } from '../events/domain-events';
import { WAVE_EVENT_TYPES, waveStatesLeadingTo } from './wave-transitions';
import { WaveStatus } from './wave-status.enum';
import { WavesRepository } from './waves.repository';

export interface WaveTransitionContext {
  /** Narrows the states the wave may leave (the table allows more), e.g. the one the caller found it in. */
  from?: readonly WaveStatus[];
  /** Why (closing and cancelling): stored on the wave and in its event. */
  reason?: string | null;
  /** When a closing happened, if not now (the lifecycle passes the database clock it judged the wave by). */
  at?: Date;
  /** What else the wave_events row keeps. */
  data?: Record<string, unknown>;
}

/** Marks on a wave's timeline that are no change of status (the payment deadline was settled). */
export type WaveMilestone = 'payment_deadline';

/** SQL: whether the wave aliased `alias` has `milestone` on its timeline. */
export const waveMilestoneSql = (alias: string, milestone: WaveMilestone): string =>
  `EXISTS (SELECT 1 FROM wave_events e WHERE e.wave_id = ${alias}.id AND e.type = '${milestone}')`;

const CLOSING: readonly WaveStatus[] = [WaveStatus.Closed, WaveStatus.Cancelled];
/** Steps after closing record where they came from: closed goes straight to completed when nothing was ordered. */
const AFTER_CLOSING: readonly WaveStatus[] = [WaveStatus.Ordered, WaveStatus.Confirmed, WaveStatus.Delivered, WaveStatus.Completed];

/**
 * The one writer of a wave's status. A change takes the wave only from a state WAVE_TRANSITIONS
 * allows into the target (locked, so two callers never both take it), writes its wave_events row
 * (unique per wave and type: once, whichever instance gets there first) and publishes a wave.*
 * event on the domain bus, all in the caller's transaction. What hangs on a change (cancelling orders, making purchase orders)
 * subscribes to those events.
 */
@Injectable()
export class WaveStateService {
  private readonly logger = new Logger(WaveStateService.name);

  constructor(
    private readonly events: DomainEvents,
    private readonly waves: WavesRepository,
  ) {}

  /** Returns false when the wave is in no state that may become `to`. */
  async transition(manager: EntityManager, waveId: string, to: WaveStatus, context: WaveTransitionContext = {}): Promise<boolean> {
    const from = waveStatesLeadingTo(to, context.from);
    const closing = CLOSING.includes(to);
    // The lock an UPDATE takes anyway, taken first to learn the state being left.
    const previous = await this.waves.lockStatusForChange(manager, waveId, from);
    if (previous === null) return false;
    if (closing) await this.waves.setClosed(manager, waveId, to, context.at ?? null, context.reason ?? null);
    else await this.waves.setStatus(manager, waveId, to);
    const type = WAVE_EVENT_TYPES[to];
    if (type) {
      await this.waves.recordEvent(manager, waveId, type, {
        ...(AFTER_CLOSING.includes(to) ? { from: previous } : {}),
        ...(context.reason ? { reason: context.reason } : {}),
        ...context.data,
      });
    }
    await this.events.publish(manager, eventOf(waveId, to, previous, context.reason ?? null));
    this.logger.log(`Wave ${waveId} ${previous} -> ${to}${context.reason ? ` (${context.reason})` : ''}`);
    return true;
  }

  /** Puts a milestone on the wave's timeline, once. */
  async mark(manager: EntityManager, waveId: string, milestone: WaveMilestone): Promise<void> {
    await this.waves.recordMilestone(manager, waveId, milestone);
  }
}

function eventOf(waveId: string, to: WaveStatus, from: WaveStatus, reason: string | null): DomainEvent {
  switch (to) {
    case WaveStatus.Scheduled:
      return { type: 'wave.published', waveId };
    case WaveStatus.Open:
      return { type: 'wave.opened', waveId, reason };
    case WaveStatus.Closed:
      return { type: 'wave.closed', waveId, reason };
    case WaveStatus.Cancelled:
      return { type: 'wave.cancelled', waveId, reason };
    case WaveStatus.Ordered:
      return { type: 'wave.ordered', waveId, from };
    case WaveStatus.Confirmed:
      return { type: 'wave.confirmed', waveId, from };
    case WaveStatus.Delivered:
      return { type: 'wave.delivered', waveId, from };
    case WaveStatus.Completed:
      return { type: 'wave.completed', waveId, from, reason };
    case WaveStatus.Draft:
      throw new Error('No wave goes back to draft');
  }
}
