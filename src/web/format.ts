import { formatRp } from '../common/money';
import { formatWeight } from '../common/weight';
import type { Locale } from './i18n';

/** How the pages show money, weights and times; one instance per locale, shared by every template. */
export interface Formatters {
  /** Rp 220.000 (whole rupiah, Indonesian grouping in both languages: it is how the amount is paid). */
  rp(amount: number): string;
  /** 40 kg below a tonne, 2,9 ton from one tonne up. */
  weight(kg: number): string;
  /** Selasa, 7 April 2020 pukul 08.00 WIB */
  dateTime(instant: Date): string;
  /** Jumat, 10 April 2020 (a calendar day, such as the hand-out day, given as YYYY-MM-DD) */
  day(date: string): string;
  /** ISO instant for <time datetime> and the countdown script. */
  iso(instant: Date): string;
}

const WIB = 'Asia/Jakarta';
const INTL_LOCALE: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

function formattersFor(locale: Locale): Formatters {
  const dateTime = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: WIB,
  });
  // A calendar day has no time zone of its own: formatted at UTC noon it is that day everywhere.
  const day = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    rp: formatRp,
    weight: formatWeight,
    dateTime: (instant) => `${dateTime.format(instant)} WIB`,
    day: (date) => day.format(new Date(`${date}T12:00:00Z`)),
    iso: (instant) => instant.toISOString(),
  };
}

export const FORMATTERS: Record<Locale, Formatters> = { id: formattersFor('id'), en: formattersFor('en') };
