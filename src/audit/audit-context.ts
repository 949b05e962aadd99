import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting, as the audit trail records it. */
export interface AuditActor {
  userId: string | null;
  /** A Role, or PUBLIC (a route without a token) or SYSTEM (sweeps, workers). */
  role: string;
  requestId: string | null;
}

interface AuditScope {
  actor: AuditActor;
  /** False once the request that opened the scope has answered: timers it armed must not act in its name. */
  active: boolean;
}

const storage = new AsyncLocalStorage<AuditScope>();

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ userId: null, role: 'SYSTEM', requestId: null });

/** The actor of the current request (or system job), if any. */
export function currentActor(): AuditActor | undefined {
  const scope = storage.getStore();
  return scope?.active ? scope.actor : undefined;
}

/** Runs `fn` with `actor` as the current actor; the scope ends when `end()` is called. */
export function openAuditScope<T>(actor: AuditActor, fn: () => T): { result: T; end: () => void } {
  const scope: AuditScope = { actor, active: true };
  const result = storage.run(scope, fn);
  return { result, end: () => (scope.active = false) };
}

/** Runs a background job (sweep, worker) as the system. */
export async function runAsSystem<T>(fn: () => Promise<T>): Promise<T> {
  const scope = openAuditScope(SYSTEM_ACTOR, fn);
  try {
    return await scope.result;
  } finally {
    scope.end();
  }
}
