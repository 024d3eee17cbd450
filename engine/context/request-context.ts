import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting and from where; read by the audit subscriber. */
export interface Actor {
  id: number | null;
  email: string;
  role: string | null;
  ip: string | null;
}

export const systemActor: Actor = { id: null, email: 'system', role: null, ip: null };

const storage = new AsyncLocalStorage<Actor>();

/** Runs `fn` with `actor` as the current actor for everything it awaits. */
export function runAsActor<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

/** The actor of the current request or job; `system` when none was set. */
export function currentActor(): Actor {
  return storage.getStore() ?? systemActor;
}
