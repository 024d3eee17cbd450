import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The session of the request being handled, for the one write that must
 * reach it from inside an AdminJS action: an administrator who changes their
 * own password ends their other sessions but keeps the one they are using.
 */
interface SessionScope {
  staffId: number;
  /** Marks the current session as opened at `instant`, so a cut-off at that instant spares it. */
  renew(instant: Date): void;
}

const storage = new AsyncLocalStorage<SessionScope>();

export function runInSession<T>(scope: SessionScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Keeps the current session alive across a cut-off of `staffId`'s sessions at `validFrom` (no-op for someone else's account). */
export function keepCurrentSession(staffId: number, validFrom: Date): void {
  const scope = storage.getStore();
  if (scope && scope.staffId === staffId) scope.renew(validFrom);
}
