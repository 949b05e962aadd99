/** One refused input field and why: what a 400 VALIDATION_FAILED lists. */
export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * Fields that name a person, an agency, an account or a thing shown at the desk and on lists: they
 * are normalised (NFC, trimmed, inner runs of spaces made one) and may hold no control or format
 * characters (CR/LF, bidirectional overrides, zero-width characters), so two names that look the
 * same are the same and none can be disguised.
 */
const NAME_FIELDS = new Set(['name', 'agency', 'agencies', 'username', 'region', 'commodity', 'productName']);
// Cc (controls), Cf (format: bidi overrides, zero-width), Zl/Zp (line and paragraph separators).
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Every string of a request (body or query), before any transformation: NUL and lone surrogates
 * (which PostgreSQL cannot store as sent) are refused in any field; name fields are normalised and
 * refused when hidden characters remain or nothing but spaces was given.
 */
export function textProblems(value: unknown): { value: unknown; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const walk = (node: unknown, path: string, key: string): unknown => {
    if (typeof node === 'string') return checkString(node, path, NAME_FIELDS.has(key), problems);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}.${i}`, key));
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, child]) => [k, walk(child, path ? `${path}.${k}` : k, k)]));
  };
  const checked = walk(value, '', '');
  return { value: checked, problems };
}

/** A name as stored and compared: NFC, trimmed, inner whitespace collapsed. */
export function normaliseName(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * A name field's rule, for text that does not come through the validation pipe (a roster CSV):
 * the normalised name, or why it is refused.
 */
export function checkName(text: string, field: string): { value: string; problem?: string } {
  if (text.includes('\u0000') || LONE_SURROGATE.test(text)) {
    return { value: text, problem: `${field} must not contain NUL or unpaired surrogate characters` };
  }
  if (HIDDEN.test(text)) {
    return {
      value: text,
      problem: `${field} must not contain control or invisible characters (line breaks, direction overrides, zero-width)`,
    };
  }
  const name = normaliseName(text);
  if (name === '' && text !== '') return { value: name, problem: `${field} must not be only spaces` };
  return { value: name };
}

function checkString(text: string, path: string, isName: boolean, problems: FieldError[]): string {
  const field = path || 'value';
  if (text.includes('\u0000') || LONE_SURROGATE.test(text)) {
    problems.push({ field, messages: [`${field} must not contain NUL or unpaired surrogate characters`] });
    return text;
  }
  if (!isName) return text;
  const checked = checkName(text, field);
  if (checked.problem) problems.push({ field, messages: [checked.problem] });
  return checked.value;
}
