import type { Wave } from './wave.entity';
import { PUBLISHED_UNCLOSED, WaveStatus } from './wave-status.enum';
import { waveStatesSql } from './wave-transitions';

/**
 * The status users see. A published wave opens and closes at its exact times, whatever the stored
 * status says: the stored one catches up when the lifecycle runs the transition and its effects.
 */
export function effectiveStatus(wave: Pick<Wave, 'status' | 'opensAt' | 'closesAt'>, now = new Date()): WaveStatus {
  if (!PUBLISHED_UNCLOSED.includes(wave.status)) return wave.status;
  if (now >= wave.closesAt) return WaveStatus.Closed;
  if (now >= wave.opensAt) return WaveStatus.Open;
  return WaveStatus.Scheduled;
}

/** The same rule as SQL over the waves table aliased `w`, for filters; keep the two in step. */
export const EFFECTIVE_STATUS_SQL = `CASE
  WHEN w.status NOT IN ${waveStatesSql(PUBLISHED_UNCLOSED)} THEN w.status::text
  WHEN now() >= w.closes_at THEN 'closed'
  WHEN now() >= w.opens_at THEN 'open'
  ELSE 'scheduled' END`;
