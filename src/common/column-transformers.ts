import type { ValueTransformer } from 'typeorm';

/** pg returns bigint and numeric as strings; rupiah sums stay far below 2^53, so numbers are safe in the API. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};

export const numericToNumber = bigintToNumber;
