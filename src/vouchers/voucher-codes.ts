import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a code read aloud or typed from paper stays unambiguous. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code such as `K7QM-2XPA-9RTD` (about 59 bits). */
export function newVoucherCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** A code as typed: any case, spaces or dashes anywhere; null when it cannot be one. */
export function normaliseVoucherCode(text: string): string | null {
  const bare = text.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{12}$/.test(bare)) return null;
  return `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`;
}
