/**
 * What a writer of domain events needs of the relay: after its transaction
 * committed, `kick()` asks for the new rows to be relayed now rather than at
 * the next sweep. Calls coalesce. The relay's own `kick()` returns a promise
 * that settles (never rejects) once a relay pass that began after the call
 * has ended, bounded in time: a staff write awaits it so the in-process
 * subscribers (segment re-evaluation) have run when the page reloads.
 */
export interface OutboxKick {
  kick(): void | Promise<void>;
}

/** For seeds, scripts and tests without a relay: the rows wait in the outbox for the next relay's sweep. */
export const noOutboxKick: OutboxKick = { kick: () => undefined };
