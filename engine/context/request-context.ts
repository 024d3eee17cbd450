import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting and from where; read by the audit subscriber. */
export interface Actor {
  id: number | null;
  email: string;
  role: string | null;
  ip: string | null;
  /** The language the staff member reads the console in (cookie set by the top bar); Korean when unknown. */
  language?: Language;
}

/** The console's languages: Korean (default) and English. */
export type Language = 'ko' | 'en';

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

/** The current request's language: what user-facing texts built on the server are written in. */
export function currentLanguage(): Language {
  return storage.getStore()?.language ?? 'ko';
}
