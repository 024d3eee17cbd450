/**
 * The three kinds of error workers tell apart (ARCHITECTURE, "Domain events"):
 * - user: the input or request is at fault (invalid data, a duplicate of
 *   work already done); recorded on the item, never retried;
 * - operational: a dependency failed for now (database or broker
 *   unreachable, a lock wait, a deadlock); retried with backoff;
 * - fatal: anything else, i.e. a bug or a broken invariant; the item stops
 *   and the error is reported.
 */
export const errorKinds = ['user', 'operational', 'fatal'] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** What may be stored on an item or sent to a client: no stack, no cause, no SQL. */
export interface ErrorRecord {
  kind: ErrorKind;
  code: string;
  message: string;
}

/**
 * Base of the three error classes. `code` is a camelCase code a program may
 * test (`duplicate`, `deadlock`); `message` must be safe to show and store
 * (never personal data, SQL or secrets). The original error, which may hold
 * any of those, goes in `cause`, for logs only.
 */
export abstract class TaxonomyError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The safe part, for an item's recorded failure or an API answer. */
  toRecord(): ErrorRecord {
    return { kind: this.kind, code: this.code, message: this.message };
  }

  /** JSON.stringify gives the safe part too, never the cause. */
  toJSON(): ErrorRecord {
    return this.toRecord();
  }
}

/** A taxonomy error, also one from another copy of this module (recognised by shape, not only by class). */
export function isTaxonomyError(err: unknown): err is TaxonomyError {
  if (err instanceof TaxonomyError) return true;
  if (!(err instanceof Error)) return false;
  const e = err as Partial<TaxonomyError>;
  return typeof e.code === 'string' && typeof e.toRecord === 'function' && (errorKinds as readonly unknown[]).includes(e.kind);
}
