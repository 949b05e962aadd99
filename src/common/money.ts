/**
 * Indonesian grouping, as a cooperative's letter prints it (Rp 31.900.000), in both languages: it
 * is how the amount is paid. Rupiah have no minor unit in practice, so amounts are whole.
 */
const WHOLE = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** Rp 220.000 */
export const formatRp = (rp: number): string => `Rp ${WHOLE.format(rp)}`;

/** A count of orders, buyers or packs: 1.250 */
export const formatCount = (n: number): string => WHOLE.format(n);
