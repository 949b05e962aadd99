import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: the code is read aloud and typed at a busy desk. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 6;

/** A short human code, e.g. "K7Q-M3X"; ~887 million combinations, unique within a wave by index. */
export function newPickupCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** Accepts what a person types: any case, with or without the dash or spaces. */
export function normalisePickupCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return compact.length === LENGTH ? `${compact.slice(0, 3)}-${compact.slice(3)}` : compact;
}
