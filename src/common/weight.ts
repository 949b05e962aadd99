/** Weights in Indonesian number style: 2.900 kg, 2,9 ton. */
const WHOLE = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const TONNES = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 });

/** 2.900 kg */
export const formatKg = (kg: number): string => `${WHOLE.format(kg)} kg`;

/** 2,9 ton */
export const formatTonnes = (tonnes: number): string => `${TONNES.format(tonnes)} ton`;

/** Kilograms below a tonne (40 kg), tonnes from one tonne up (2,9 ton): how a wave's supply is spoken of. */
export const formatWeight = (kg: number): string => (kg >= 1000 ? formatTonnes(kg / 1000) : formatKg(kg));
