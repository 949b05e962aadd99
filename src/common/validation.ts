import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode } from './domain-error';
import { FieldError, textProblems } from './text';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // A field that is simply missing fails every rule it has; saying it is required says it all.
    const messages = error.value === undefined ? [`${field} is required`] : Object.values(error.constraints ?? {});
    const own = error.constraints ? [{ field, messages }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The ValidationPipe, with text checked before any transformation (src/common/text.ts: names
 * normalised, NUL and lone surrogates refused everywhere) and numbers past the safe integer range
 * refused after it (they would overflow PostgreSQL's integers into a 500).
 */
class CheckedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const checked = metadata.type === 'custom' ? value : refuse(textProblems(value));
    const transformed = await super.transform(checked, metadata);
    return metadata.type === 'custom' ? transformed : refuse(unsafeNumbers(transformed), transformed);
  }
}

function refuse<T>(result: { value?: T; problems: FieldError[] }, fallback?: T): T {
  if (result.problems.length > 0) throw validationFailed(result.problems);
  return (result.value ?? fallback) as T;
}

function unsafeNumbers(value: unknown, path = ''): { problems: FieldError[] } {
  if (typeof value === 'number') {
    return {
      problems:
        Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
          ? []
          : [{ field: path || 'value', messages: [`${path || 'value'} is out of range`] }],
    };
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return { problems: [] };
  return { problems: Object.entries(value).flatMap(([key, child]) => unsafeNumbers(child, path ? `${path}.${key}` : key).problems) };
}

function validationFailed(details: FieldError[]): BadRequestException {
  return new BadRequestException({
    code: ErrorCode.ValidationFailed,
    message: details.map((d) => `${d.field}: ${d.messages.join(', ')}`).join('; '),
    details,
  });
}

/** Global pipe: unknown fields are refused, types converted, and every failure names its field. */
export function createValidationPipe(): ValidationPipe {
  return new CheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
