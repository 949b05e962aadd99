import { PgError, pgErrorCode } from '../common/postgres-errors';

/** A deadlock or a serialization failure: PostgreSQL rolled the transaction back, so running it again is safe. */
export function isTransientConflict(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === PgError.DeadlockDetected || code === PgError.SerializationFailure;
}

/**
 * Runs `attempt` again while it fails with an error `retryable` accepts, at most `times` runs in
 * all; the last error goes to the caller. For whole transactions only: what failed left nothing.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  { times, retryable = isTransientConflict }: { times: number; retryable?: (error: unknown) => boolean },
): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await attempt();
    } catch (error) {
      if (run >= times || !retryable(error)) throw error;
    }
  }
}
