/** Indonesian number style, as a cooperative's letter would print it: 2.900 kg, 2,9 ton, Rp 31.900.000. */
const INTEGER = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const TONNES = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 });

export const formatKg = (kg: number) => `${INTEGER.format(kg)} kg`;
export const formatTonnes = (tonnes: number) => `${TONNES.format(tonnes)} ton`;
export const formatRp = (rp: number) => `Rp ${INTEGER.format(rp)}`;
export const formatCount = (n: number) => INTEGER.format(n);

/** 2020-04-08T17:00:00+07:00 -> 08-04-2020 17:00 WIB */
export function formatWib(wib: string | null): string {
  if (!wib) return '-';
  const [date, time] = wib.split('T');
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y} ${time.slice(0, 5)} WIB`;
}

/** 2020-04-10 -> 10-04-2020 */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y}`;
}
