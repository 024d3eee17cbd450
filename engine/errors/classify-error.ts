import { z } from 'zod';
import { FatalError } from './fatal.error.js';
import { OperationalError } from './operational.error.js';
import { isTaxonomyError, type ErrorKind, type TaxonomyError } from './taxonomy-error.js';
import { UserError } from './user.error.js';

export interface ClassifyOptions {
  /** Whether a unique key (by its name) is an idempotency key; default: its name contains `idempot` (e.g. `uq_message_idempotency`). */
  isIdempotencyKey?: (keyName: string) => boolean;
}

/** The kind of any thrown value: what a worker does with it (record / retry with backoff / stop and report). */
export function classifyError(err: unknown, options: ClassifyOptions = {}): ErrorKind {
  return toTaxonomyError(err, options).kind;
}

/**
 * Any thrown value as a user, operational or fatal error with a code and a
 * safe message; the original stays in `cause`. A taxonomy error is returned
 * as it is. The error and its `cause` chain (and an aggregate error's
 * `errors`) are searched, breadth first, so a wrapped driver error is still recognised;
 * what nothing recognises is fatal (`unexpected`).
 */
export function toTaxonomyError(err: unknown, options: ClassifyOptions = {}): TaxonomyError {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 10) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    if (isTaxonomyError(e)) return e;
    const found = recognise(e as Record<string, unknown>, err, options);
    if (found) return found;
    queue.push((e as { cause?: unknown }).cause);
    // AggregateError (Node's connection attempts to several addresses) and KafkaJSAggregateError hold their parts in `errors`.
    const parts = (e as { errors?: unknown }).errors;
    if (Array.isArray(parts)) queue.push(...parts);
  }
  return new FatalError('unexpected', `unexpected error (${nameOf(err)})`, { cause: err });
}

function recognise(e: Record<string, unknown>, original: unknown, options: ClassifyOptions): TaxonomyError | null {
  return zodError(e, original) ?? sqlError(e, original, options) ?? kafkaError(e, original) ?? networkError(e, original);
}

function zodError(e: Record<string, unknown>, cause: unknown): TaxonomyError | null {
  const isZod = e instanceof z.ZodError || ((e.name === 'ZodError' || e.name === '$ZodError') && Array.isArray(e.issues));
  if (!isZod) return null;
  const issues = e.issues as Array<{ path?: PropertyKey[]; message?: string }>;
  const listed = issues.slice(0, 5).map((i) => `${(i.path ?? []).map(String).join('.') || '(input)'}: ${String(i.message ?? 'invalid')}`);
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return new UserError('invalidInput', `invalid input: ${listed.join('; ')}${more}`.slice(0, 1000), { cause });
}

/** MariaDB / MySQL server errors by errno, with the name mysql2 gives them where it has one. */
const operationalSqlErrors: Record<number, { name: string; code: string; what: string }> = {
  1205: { name: 'ER_LOCK_WAIT_TIMEOUT', code: 'lockWaitTimeout', what: 'a lock wait timed out' },
  1213: { name: 'ER_LOCK_DEADLOCK', code: 'deadlock', what: 'the transaction was chosen as a deadlock victim' },
  1969: { name: 'ER_STATEMENT_TIMEOUT', code: 'statementTimeout', what: 'a statement exceeded max_statement_time' },
  3024: { name: 'ER_QUERY_TIMEOUT', code: 'statementTimeout', what: 'a statement exceeded its time limit' },
  1317: { name: 'ER_QUERY_INTERRUPTED', code: 'statementTimeout', what: 'a statement was interrupted' },
  1040: { name: 'ER_CON_COUNT_ERROR', code: 'databaseUnavailable', what: 'the database has too many connections' },
  1203: { name: 'ER_TOO_MANY_USER_CONNECTIONS', code: 'databaseUnavailable', what: 'the database user has too many connections' },
  1053: { name: 'ER_SERVER_SHUTDOWN', code: 'databaseUnavailable', what: 'the database is shutting down' },
  1152: { name: 'ER_ABORTING_CONNECTION', code: 'databaseUnavailable', what: 'the database aborted the connection' },
  1158: { name: 'ER_NET_READ_ERROR', code: 'databaseUnavailable', what: 'a network read from the database failed' },
  1159: { name: 'ER_NET_READ_INTERRUPTED', code: 'databaseUnavailable', what: 'a network read from the database timed out' },
  1160: { name: 'ER_NET_ERROR_ON_WRITE', code: 'databaseUnavailable', what: 'a network write to the database failed' },
  1161: { name: 'ER_NET_WRITE_INTERRUPTED', code: 'databaseUnavailable', what: 'a network write to the database timed out' },
  1927: { name: 'ER_CONNECTION_KILLED', code: 'databaseUnavailable', what: 'the database connection was killed' },
  2002: { name: 'CR_CONNECTION_ERROR', code: 'databaseUnavailable', what: 'cannot connect to the database' },
  2003: { name: 'CR_CONN_HOST_ERROR', code: 'databaseUnavailable', what: 'cannot connect to the database' },
  2006: { name: 'CR_SERVER_GONE_ERROR', code: 'databaseUnavailable', what: 'the database has gone away' },
  2013: { name: 'CR_SERVER_LOST', code: 'databaseUnavailable', what: 'the connection to the database was lost' },
};
const operationalSqlByName = new Map(Object.values(operationalSqlErrors).map((v) => [v.name, v]));

/** mysql2's own client-side errors (no errno from the server). */
const mysqlClientErrors: Record<string, string> = {
  PROTOCOL_CONNECTION_LOST: 'the connection to the database was lost',
  PROTOCOL_SEQUENCE_TIMEOUT: 'the database did not answer in time',
};

const duplicateEntry = new Set([1062, 1586]);

/** A server error from mysql2 (also inside TypeORM's QueryFailedError, which copies errno, code and sqlMessage onto itself). */
function sqlError(e: Record<string, unknown>, cause: unknown, options: ClassifyOptions): TaxonomyError | null {
  const errno = typeof e.errno === 'number' ? e.errno : null;
  const code = typeof e.code === 'string' ? e.code : null;
  const fromServer = errno !== null && (typeof e.sqlState === 'string' || typeof e.sqlMessage === 'string' || code?.startsWith('ER_') === true);
  if (code && mysqlClientErrors[code]) return new OperationalError('databaseUnavailable', mysqlClientErrors[code], { cause });
  // mysql2 marks an error that made the connection unusable `fatal` (its word, not ours); without a server errno it is
  // the connection itself (killed, closed, reset), e.g. "Can't add new command when connection is in closed state".
  if (e.fatal === true && errno === null && typeof e.sqlState !== 'string' && !(code && networkCodes.has(code))) {
    return new OperationalError('databaseUnavailable', 'the database connection was lost or closed', { cause });
  }
  if (!fromServer && !(code && operationalSqlByName.has(code)) && code !== 'ER_DUP_ENTRY') return null;
  if ((errno !== null && duplicateEntry.has(errno)) || code === 'ER_DUP_ENTRY') {
    const key = duplicateKeyName(typeof e.sqlMessage === 'string' ? e.sqlMessage : String(e.message ?? ''));
    const isIdempotency = options.isIdempotencyKey ?? ((k: string) => /idempot/i.test(k));
    // The message never quotes the duplicated value: it may be personal data (or its keyed hash).
    if (key !== null && isIdempotency(key)) return new UserError('duplicate', `already done: a duplicate of an earlier request (key ${key})`, { cause });
    return new UserError('conflict', `conflicts with an existing record (unique key ${key ?? 'unknown'})`, { cause });
  }
  if (errno === 1290 && /read.only/i.test(String(e.sqlMessage ?? e.message ?? ''))) {
    return new OperationalError('databaseReadOnly', 'the database is read-only (fail-over in progress?)', { cause });
  }
  const known = (errno !== null ? operationalSqlErrors[errno] : undefined) ?? (code ? operationalSqlByName.get(code) : undefined);
  if (known) return new OperationalError(known.code, known.what, { cause });
  // Any other refusal (unknown column, CHECK or foreign-key violation, value too long) is a bug to report; the SQL stays in the cause.
  return new FatalError('databaseError', `the database refused the statement (${code ?? `errno ${errno}`})`, { cause });
}

/** The key name of "Duplicate entry '…' for key 'name'" (MariaDB) or "… for key 'table.name'" (MySQL 8). */
function duplicateKeyName(message: string): string | null {
  const m = /for key '([^']*)'\s*$/.exec(message);
  return m ? m[1].split('.').pop()! : null;
}

const kafkaTimeouts = new Set(['KafkaJSTimeout', 'KafkaJSLockTimeout', 'KafkaJSRequestTimeoutError']);

/** KafkaJS marks each error retriable or not; retries it gave up on are still an outage, not a bug. */
function kafkaError(e: Record<string, unknown>, cause: unknown): TaxonomyError | null {
  const name = typeof e.name === 'string' ? e.name : '';
  if (!name.startsWith('KafkaJS') || name === 'KafkaJSAggregateError') return null;
  // KafkaJS's retrier wraps whatever ended a retried operation in a KafkaJSNonRetriableError whose cause is that
  // error; retriers nest (a producer's send around the cluster's connect), so a broker that went away reaches the
  // caller as NonRetriable(cause: the refused connection). Classified by the cause; one without a cause is fatal.
  if (name === 'KafkaJSNonRetriableError' && e.cause !== undefined && e.cause !== null) return null;
  if (name === 'KafkaJSNumberOfRetriesExceeded') return new OperationalError('kafkaUnavailable', 'Kafka did not succeed within its retries', { cause });
  if (kafkaTimeouts.has(name)) return new OperationalError('kafkaTimeout', `Kafka timed out (${name})`, { cause });
  if (e.retriable === true) return new OperationalError('kafkaUnavailable', `Kafka failed for now (${name})`, { cause });
  const type = typeof e.type === 'string' && /^[A-Z_]{1,60}$/.test(e.type) ? ` ${e.type}` : '';
  return new FatalError('kafkaError', `Kafka refused the request (${name}${type})`, { cause });
}

/** Node's (and undici's) codes for a connection that failed or broke: any service, any client. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function networkError(e: Record<string, unknown>, cause: unknown): TaxonomyError | null {
  if (typeof e.code === 'string' && networkCodes.has(e.code)) {
    return new OperationalError('connectionFailed', `a connection to a service failed (${e.code})`, { cause });
  }
  // AbortSignal.timeout() rejects with a DOMException named TimeoutError; ioredis gives up with MaxRetriesPerRequestError.
  if (e.name === 'TimeoutError') return new OperationalError('timeout', 'an operation timed out', { cause });
  if (e.name === 'MaxRetriesPerRequestError') return new OperationalError('redisUnavailable', 'Redis did not answer within its retries', { cause });
  return null;
}

function nameOf(err: unknown): string {
  if (err instanceof Error) return /^[A-Za-z0-9_$]{1,60}$/.test(err.name) ? err.name : 'Error';
  return err === null ? 'null' : typeof err;
}
