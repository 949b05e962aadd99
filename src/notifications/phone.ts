/**
 * Indonesian mobile numbers as rosters write them (0812-..., +62 812..., 62812...) in the E.164
 * digits the Cloud API and SMS gateways take (62812...). Null when it is not a mobile number.
 */
export function toE164Digits(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('62') ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : digits;
  return /^8\d{7,12}$/.test(national) ? `62${national}` : null;
}

/** The same rule in SQL, for bulk inserts over buyers (`column` is a trusted column name). */
export function e164DigitsSql(column: string): string {
  const national = `regexp_replace(regexp_replace(${column}, '\\D', '', 'g'), '^(62|0)', '')`;
  return `(CASE WHEN ${national} ~ '^8[0-9]{7,12}$' THEN '62' || ${national} END)`;
}
