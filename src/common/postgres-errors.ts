/** SQLSTATE codes the domain reacts to. */
export const PgError = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  DeadlockDetected: '40P01',
  SerializationFailure: '40001',
} as const;

interface DriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  driverError?: DriverError;
}

function driverError(error: unknown): DriverError {
  const e = (error ?? {}) as DriverError;
  return e.driverError ?? e;
}

export function pgErrorCode(error: unknown): string | undefined {
  return driverError(error).code;
}

export function pgConstraint(error: unknown): string | undefined {
  return driverError(error).constraint;
}

/** The columns named in a unique violation's detail, e.g. "Key (nip)=(...) already exists." gives "nip". */
export function uniqueViolationColumns(error: unknown): string | undefined {
  const e = driverError(error);
  if (e.code !== PgError.UniqueViolation) return undefined;
  return /^Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1];
}
