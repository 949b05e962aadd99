import { DomainError } from '../common/domain-error';
import { sqlList } from '../common/sql-list';
import { PUBLISHED_UNCLOSED, WaveStatus } from './wave-status.enum';
import type { Wave } from './wave.entity';

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

/** The wave_events type that records arriving in a state (null: none; a draft is not yet a wave anyone sees). */
export const WAVE_EVENT_TYPES: Readonly<Record<WaveStatus, string | null>> = {
  [WaveStatus.Draft]: null,
  [WaveStatus.Scheduled]: 'published',
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

/** A set of states as an SQL list, `('a', 'b')`, for queries that cannot take it as a parameter. */
export function waveStatesSql(states: readonly WaveStatus[]): string {
  return sqlList(states);
}

export function canWaveTransition(from: WaveStatus, to: WaveStatus): boolean {
  return WAVE_TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertWaveTransition(from: WaveStatus, to: WaveStatus): void {
  if (!canWaveTransition(from, to)) throw DomainError.invalidTransition(`A ${from} wave cannot become ${to}`);
}

/*
 * The wave's two rules for taking an order. The database holds them as SQL functions
 * (src/waves/sql/wave_rules.1.sql), which the order engine and every query call, so a rule is
 * written once for SQL; the TypeScript twins below decide the same on a loaded wave and are
 * checked against the functions (test/wave-rules.e2e-spec.ts).
 */

/**
 * The wave takes orders at `at`: published and not closed, between its opening and closing
 * second. A wave still 'scheduled' at its opening second takes orders before the transition has
 * been recorded.
 */
export function waveTakesOrders(wave: Pick<Wave, 'status' | 'opensAt' | 'closesAt'>, at: Date): boolean {
  return PUBLISHED_UNCLOSED.includes(wave.status) && wave.opensAt <= at && at < wave.closesAt;
}

/** SQL: the wave row `wave` (an alias of waves) takes orders at `at`. */
export const waveTakesOrdersSql = (wave = 'w', at = 'now()'): string => `wave_takes_orders(${wave}, ${at})`;

/** A buyer of `agency` may order in the wave: a wave names its agencies, or none for all. */
export function waveOpenTo(wave: { agencies: readonly string[] }, agency: string | null): boolean {
  return wave.agencies.length === 0 || (agency !== null && wave.agencies.includes(agency));
}

/** SQL: the wave row `wave` is open to buyers of the agency that the SQL expression `agency` yields. */
export const waveOpenToSql = (wave: string, agency: string): string => `wave_open_to(${wave}, ${agency})`;
