import { RRule, rrulestr } from 'rrule';
import { DomainError } from '../common/domain-error';
import { wibDate } from '../common/time';

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface WaveTimes {
  opensAt: Date;
  closesAt: Date;
  paymentDeadline: Date;
  handOutDate: string;
}

/**
 * Reads an RRULE such as `FREQ=MONTHLY;BYDAY=+2TH` (Bandung's Serlok day, the Thursday of the
 * second week) and returns it in its canonical text. The start is the wave's own opening, so a
 * rule may not carry DTSTART; COUNT would restart at every wave, so it is refused too (UNTIL is fine).
 */
export function normaliseRecurrenceRule(text: string): string {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|COUNT=/i.test(body) || /\n/.test(body)) {
    throw DomainError.validation('rule', 'rule must be one RRULE without DTSTART or COUNT (the wave itself is the start)');
  }
  let rule: RRule;
  try {
    rule = rrulestr(`RRULE:${body}`, { forceset: false }) as RRule;
  } catch (error) {
    throw DomainError.validation('rule', `rule is not a valid RRULE: ${(error as Error).message}`);
  }
  if (!(rule instanceof RRule) || rule.options.freq > RRule.DAILY) {
    throw DomainError.validation('rule', 'rule must repeat daily, weekly, monthly or yearly');
  }
  return rule.toString().replace(/^RRULE:/, '');
}

/**
 * The next wave's times: the first occurrence of the rule after the wave opened (read in WIB wall
 * time, as waves are announced) whose closing is still ahead of `now`, with every time of the wave
 * moved by the same amount. Null when the rule has no such occurrence (it ended, UNTIL).
 */
export function nextWaveTimes(ruleText: string, wave: WaveTimes, now: Date): WaveTimes | null {
  // rrule computes in UTC; WIB wall time written as if it were UTC keeps "Thursday 08:00" a Thursday.
  const start = new Date(wave.opensAt.getTime() + WIB_OFFSET_MS);
  const rule = new RRule({ ...RRule.parseString(ruleText), dtstart: start });
  const duration = wave.closesAt.getTime() - wave.opensAt.getTime();
  const earliestOpening = new Date(Math.max(start.getTime(), now.getTime() + WIB_OFFSET_MS - duration));
  const next = rule.after(earliestOpening, false);
  if (!next) return null;
  const shift = next.getTime() - start.getTime();
  const moved = (instant: Date) => new Date(instant.getTime() + shift);
  return {
    opensAt: moved(wave.opensAt),
    closesAt: moved(wave.closesAt),
    paymentDeadline: moved(wave.paymentDeadline),
    handOutDate: wibDate(moved(new Date(`${wave.handOutDate}T12:00:00+07:00`))),
  };
}

const WEEKDAYS_ID = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
const ORDINALS_ID: Record<number, string> = { 1: 'pertama', 2: 'kedua', 3: 'ketiga', 4: 'keempat', 5: 'kelima', [-1]: 'terakhir' };

/** The rule in words for the pages, in Bahasa Indonesia for the common shapes; the RRULE itself otherwise. */
export function describeRecurrenceRule(ruleText: string): string {
  const options = RRule.parseString(ruleText);
  const interval = options.interval && options.interval > 1 ? options.interval : 1;
  const days = ([] as unknown[]).concat(options.byweekday ?? []) as { weekday: number; n?: number }[];
  if (options.freq === RRule.MONTHLY && interval === 1 && days.length === 1 && days[0].n && ORDINALS_ID[days[0].n]) {
    return `${WEEKDAYS_ID[days[0].weekday]} ${ORDINALS_ID[days[0].n]} setiap bulan`;
  }
  if (options.freq === RRule.WEEKLY && days.length > 0) {
    const every = interval === 1 ? 'Setiap' : `Setiap ${interval} minggu,`;
    return `${every} ${days.map((day) => WEEKDAYS_ID[day.weekday]).join(', ')}`;
  }
  if (options.freq === RRule.MONTHLY && interval === 1 && !days.length && !options.bymonthday) return 'Setiap bulan pada tanggal yang sama';
  return ruleText;
}
