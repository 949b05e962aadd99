import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError, ErrorCode } from '../../common/domain-error';

/** Field -> message, shown beside each field of a page form. */
export type FieldErrors = Record<string, string>;

function flatten(errors: ValidationError[], parent = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) out[field] = Object.values(error.constraints)[0];
    Object.assign(out, flatten(error.children ?? [], field));
  }
  return out;
}

/**
 * Checks what a page form built against the API's own DTO, with the same rules as the JSON API:
 * a form is never a way around them.
 */
export async function checkDto<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<{ value: T; errors: null } | { value: null; errors: FieldErrors }> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length > 0 ? { value: null, errors: flatten(errors) } : { value, errors: null };
}

/** The field errors a domain rule gave (VALIDATION_FAILED and the like), or null for other errors. */
export function fieldErrorsOf(error: unknown): FieldErrors | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === ErrorCode.Forbidden || error.code === ErrorCode.NotFound || error.code === ErrorCode.Unauthenticated) return null;
  const details = Array.isArray(error.details) ? (error.details as { field?: string; messages?: string[]; message?: string }[]) : [];
  const out: FieldErrors = {};
  for (const detail of details) if (detail.field) out[detail.field] = detail.messages?.[0] ?? detail.message ?? error.message;
  if (Object.keys(out).length === 0) out.form = error.message;
  return out;
}

/** A form field as text ('' when absent or not text). */
export const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A form field that may repeat (checkboxes, multi-selects) as a list. */
export const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );

/** A whole number field; '' stays '' so the DTO names the field, anything else non-numeric becomes NaN (refused). */
export function integer(value: unknown): number | string {
  const raw = text(value).replace(/\./g, '');
  return raw === '' ? '' : /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

export function decimal(value: unknown): number | string {
  const raw = text(value).replace(',', '.');
  return raw === '' ? '' : Number(raw);
}
