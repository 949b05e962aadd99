/** WIB (Asia/Jakarta) has no daylight saving: a fixed +07:00 offset. */
export const WIB_OFFSET = '+07:00';
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Shows an instant in WIB with an explicit offset, e.g. 2020-04-07T08:00:00+07:00. */
export function toWib(instant: Date): string;
export function toWib(instant: Date | null | undefined): string | null;
export function toWib(instant: Date | null | undefined): string | null {
  if (!instant) return null;
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}${WIB_OFFSET}`;
}

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Reads an ISO-8601 timestamp; one without an offset is taken as WIB, the zone waves are announced in. */
export function parseTimestamp(value: string): Date {
  const text = value.includes('T') && !HAS_OFFSET.test(value) ? `${value}${WIB_OFFSET}` : value;
  return new Date(text);
}

/** The calendar day (YYYY-MM-DD) of an instant in WIB. */
export function wibDate(instant: Date): string {
  return toWib(instant).slice(0, 10);
}

/** 2020-04-08T17:00:00+07:00 -> 08-04-2020 17:00 WIB (short, as a message or a letter prints it); null -> '-'. */
export function formatWib(wib: string | null): string {
  if (!wib) return '-';
  const [date, time] = wib.split('T');
  return `${formatDate(date)} ${time.slice(0, 5)} WIB`;
}

/** 2020-04-10 -> 10-04-2020 */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y}`;
}
