/**
 * The one message catalogue of the web pages. Each area keeps its texts in a file of this folder
 * (common.ts, buyer.ts, ...), every key with its Bahasa Indonesia text first and its English one
 * beside it, so a text can never exist in one language only. Templates show no text of their own.
 */
export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

export type Messages = Record<string, { id: string; en: string }>;

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown key shows itself, so a missing text is seen, not hidden. */
export function translate(messages: Messages, locale: Locale, key: string, params: Params = {}): string {
  const entry = messages[key];
  const text = entry ? entry[locale] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
