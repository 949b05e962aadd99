import { DomainError } from '../common/domain-error';
import { WaveStatus } from './wave-status.enum';

/**
 * Every legal change of a wave's status. Anything not listed is refused.
 *
 *   draft -> scheduled -> open -> closed -> ordered -> confirmed -> delivered -> completed
 *            scheduled ---------> closed                (closing time passed before the open ran, or sold out)
 *                                  closed -> completed  (no standing order: nothing to buy)
 *   draft | scheduled | open -> cancelled
 *
 * completed and cancelled are final.
 */
export const WAVE_TRANSITIONS: Readonly<Record<WaveStatus, readonly WaveStatus[]>> = {
  [WaveStatus.Draft]: [WaveStatus.Scheduled, WaveStatus.Cancelled],
  [WaveStatus.Scheduled]: [WaveStatus.Open, WaveStatus.Closed, WaveStatus.Cancelled],
  [WaveStatus.Open]: [WaveStatus.Closed, WaveStatus.Cancelled],
  [WaveStatus.Closed]: [WaveStatus.Ordered, WaveStatus.Completed],
  [WaveStatus.Ordered]: [WaveStatus.Confirmed],
  [WaveStatus.Confirmed]: [WaveStatus.Delivered],
  [WaveStatus.Delivered]: [WaveStatus.Completed],
  [WaveStatus.Completed]: [],
  [WaveStatus.Cancelled]: [],
};

/**
 * The wave_events type that records arriving in a state (null: none). Publishing records none:
 * the timeline (reports, the live room) starts at opening, and what it lists is part of their answers.
 */
export const WAVE_EVENT_TYPES: Readonly<Record<WaveStatus, string | null>> = {
  [WaveStatus.Draft]: null,
  [WaveStatus.Scheduled]: null,
  [WaveStatus.Open]: 'opened',
  [WaveStatus.Closed]: 'closed',
  [WaveStatus.Ordered]: 'ordered',
  [WaveStatus.Confirmed]: 'confirmed',
  [WaveStatus.Delivered]: 'delivered',
  [WaveStatus.Completed]: 'completed',
  [WaveStatus.Cancelled]: 'cancelled',
};

/** States from which `to` may be reached, within `only` when given. */
export function waveStatesLeadingTo(to: WaveStatus, only?: readonly WaveStatus[]): WaveStatus[] {
  return (Object.keys(WAVE_TRANSITIONS) as WaveStatus[]).filter(
    (from) => WAVE_TRANSITIONS[from].includes(to) && (only === undefined || only.includes(from)),
  );
}

export function canWaveTransition(from: WaveStatus, to: WaveStatus): boolean {
  return WAVE_TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertWaveTransition(from: WaveStatus, to: WaveStatus): void {
  if (!canWaveTransition(from, to)) throw DomainError.invalidTransition(`A ${from} wave cannot become ${to}`);
}
