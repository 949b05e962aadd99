import { EmployeeKind } from './buyer.entity';

/**
 * Checks an 18-digit NIP: birth date YYYYMMDD, appointment YYYYMM (not before birth), gender
 * digit 1 or 2, and a 3-digit sequence. Returns why it is invalid, or null when it is valid.
 * A PPPK number (NI PPPK) has other fields, so only its length and digits are checked.
 */
export function nipProblem(nip: string, kind: EmployeeKind = EmployeeKind.Pns): string | null {
  if (!/^\d{18}$/.test(nip)) return 'must be exactly 18 digits';
  if (kind === EmployeeKind.Pppk) return null;
  const birth = calendarDate(Number(nip.slice(0, 4)), Number(nip.slice(4, 6)), Number(nip.slice(6, 8)));
  if (!birth) return 'digits 1-8 must be a valid birth date (YYYYMMDD)';
  const appointmentYear = Number(nip.slice(8, 12));
  const appointmentMonth = Number(nip.slice(12, 14));
  if (!calendarDate(appointmentYear, appointmentMonth, 1)) return 'digits 9-14 must be a valid appointment month (YYYYMM)';
  if (appointmentYear * 12 + appointmentMonth <= birth.getUTCFullYear() * 12 + birth.getUTCMonth() + 1) {
    return 'the appointment month must come after the birth date';
  }
  if (nip[14] !== '1' && nip[14] !== '2') return 'digit 15 (gender) must be 1 or 2';
  return null;
}

const EARLIEST_YEAR = 1900;

function calendarDate(year: number, month: number, day: number): Date | null {
  const currentYear = new Date().getUTCFullYear();
  if (year < EARLIEST_YEAR || year > currentYear) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date : null;
}
