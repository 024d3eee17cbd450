/**
 * Tells a database error that refuses one row (its data breaks a rule of the
 * schema: too long, out of range, a CHECK or foreign-key constraint, a trigger's
 * SIGNAL) from one that says nothing about the row (lost connection, lock
 * wait, deadlock, a missing table, a full disk). The first kind sends the
 * event to the DLQ with the reason; the second means the batch is retried
 * later and its offsets are not committed. Pure.
 */
export interface DbErrorLike {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  message?: string;
}

/** MariaDB errors about the row's data whose SQLSTATE is the generic HY000. */
const ROW_ERRNOS_WITH_GENERIC_STATE = new Set([
  1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: incorrect string value
  1367, // ER_ILLEGAL_VALUE_FOR_TYPE
  4025, // ER_CONSTRAINT_FAILED (CHECK), in case a server reports it as HY000
]);

export function isRowRefusal(err: unknown): err is DbErrorLike {
  const e = err as DbErrorLike | null;
  if (!e || typeof e !== 'object') return false;
  // Errors raised by the driver itself (connection lost, timeouts) carry no SQLSTATE.
  if (typeof e.sqlState !== 'string') return false;
  if (e.errno === 1062) return false; // a duplicate key is settled by re-reading, see store-events.ts
  if (e.sqlState.startsWith('22') || e.sqlState.startsWith('23')) return true; // data exception, integrity constraint
  if (e.sqlState === '45000') return true; // SIGNAL from a trigger: the schema's own refusal
  return e.errno !== undefined && ROW_ERRNOS_WITH_GENERIC_STATE.has(e.errno);
}

export function isDuplicateKey(err: unknown): boolean {
  return (err as DbErrorLike | null)?.errno === 1062;
}

/** The reason recorded with a refused event: the server's own words and its error name, no SQL. */
export function refusalReason(err: DbErrorLike): string {
  const text = (err.sqlMessage ?? err.message ?? 'refused').slice(0, 300);
  return `refused by the database: ${text}${err.code ? ` (${err.code})` : ''}`;
}
