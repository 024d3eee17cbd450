import kafkajs from 'kafkajs';
import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { classifyError, toTaxonomyError } from './classify-error.js';
import { FatalError } from './fatal.error.js';
import { OperationalError } from './operational.error.js';
import { UserError } from './user.error.js';

// KafkaJS is CommonJS; Node's ESM loader does not see every named export, so take them from the module object.
const {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSLockTimeout,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} = kafkajs;

/** The shape mysql2 gives a server error (checked against a real server in classify-real-errors.spec.ts). */
const serverError = (errno: number, code: string | undefined, sqlMessage: string) =>
  Object.assign(new Error(sqlMessage), { errno, code, sqlState: 'HY000', sqlMessage, sql: 'INSERT INTO message …' });

test('taxonomy errors keep their own kind and code', () => {
  for (const err of [new UserError('invalidTemplate', 'x'), new OperationalError('smscBusy', 'x'), new FatalError('brokenInvariant', 'x')]) {
    expect(toTaxonomyError(err)).toBe(err);
  }
  expect(classifyError(new Error('wrapped', { cause: new UserError('optedOut', 'the customer opted out') }))).toBe('user');
});

test("zod errors are the input's fault: recorded with their paths, not retried", () => {
  const r = z.strictObject({ channel: z.enum(['sms', 'email']), customerId: z.number() }).safeParse({ channel: 'fax', customerId: '1' });
  const err = toTaxonomyError(r.error);
  expect(err).toBeInstanceOf(UserError);
  expect(err.code).toBe('invalidInput');
  expect(err.message).toMatch(/^invalid input: channel: .*; customerId: /);
});

test('a duplicate on an idempotency key means the work was done already; on another unique key it is a conflict', () => {
  const idem = toTaxonomyError(serverError(1062, 'ER_DUP_ENTRY', "Duplicate entry '77:send-1:1' for key 'uq_message_idempotency'"));
  expect(idem.toRecord()).toEqual({ kind: 'user', code: 'duplicate', message: 'already done: a duplicate of an earlier request (key uq_message_idempotency)' });
  // MySQL 8 names the key with its table.
  expect(toTaxonomyError(serverError(1062, 'ER_DUP_ENTRY', "Duplicate entry 'x' for key 'message.uq_message_idempotency'")).code).toBe('duplicate');
  const other = toTaxonomyError(serverError(1062, 'ER_DUP_ENTRY', "Duplicate entry '6f1e…' for key 'uq_customer_mobile_hash'"));
  expect(other.toRecord()).toEqual({ kind: 'user', code: 'conflict', message: 'conflicts with an existing record (unique key uq_customer_mobile_hash)' });
  expect(other.message).not.toContain('6f1e');
  expect(toTaxonomyError(serverError(1062, 'ER_DUP_ENTRY', "Duplicate entry 'k' for key 'uq_journey_request'"), { isIdempotencyKey: (k) => k === 'uq_journey_request' }).code).toBe(
    'duplicate',
  );
});

test("TypeORM's QueryFailedError is classified by the driver error it copies", () => {
  const driver = serverError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock; try restarting transaction');
  const err = new QueryFailedError('UPDATE journey_instance …', [], driver);
  expect(toTaxonomyError(err).toRecord()).toEqual({ kind: 'operational', code: 'deadlock', message: 'the transaction was chosen as a deadlock victim' });
});

test.each([
  [1205, 'ER_LOCK_WAIT_TIMEOUT', 'lockWaitTimeout'],
  [1213, 'ER_LOCK_DEADLOCK', 'deadlock'],
  [1969, undefined, 'statementTimeout'],
  [1040, 'ER_CON_COUNT_ERROR', 'databaseUnavailable'],
  [1927, undefined, 'databaseUnavailable'],
  [2013, undefined, 'databaseUnavailable'],
])('server errno %i (%s) is operational: %s', (errno, code, expected) => {
  const err = toTaxonomyError(serverError(errno, code, 'whatever the server says'));
  expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'operational', code: expected });
});

test('a read-only server (fail-over) is operational; other refusals are bugs to report, without their SQL', () => {
  expect(
    toTaxonomyError(serverError(1290, 'ER_OPTION_PREVENTS_STATEMENT', 'The MariaDB server is running with the --read-only option so it cannot execute this statement')).code,
  ).toBe('databaseReadOnly');
  const bad = toTaxonomyError(serverError(1054, 'ER_BAD_FIELD_ERROR', "Unknown column 'nme' in 'field list'"));
  expect(bad.toRecord()).toEqual({ kind: 'fatal', code: 'databaseError', message: 'the database refused the statement (ER_BAD_FIELD_ERROR)' });
  expect(classifyError(serverError(4025, 'ER_CONSTRAINT_FAILED', 'CONSTRAINT `chk` failed for `message`'))).toBe('fatal');
});

test("mysql2's connection-level errors are operational", () => {
  expect(classifyError(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBe('operational');
  expect(classifyError(Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }))).toBe('operational');
  expect(classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', fatal: true }))).toBe(
    'operational',
  );
});

test('KafkaJS: retriable errors and exhausted retries are operational, non-retriable refusals fatal', () => {
  const conn = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  expect(toTaxonomyError(conn).code).toBe('kafkaUnavailable');
  expect(toTaxonomyError(new KafkaJSNumberOfRetriesExceeded(conn, { retryCount: 5, retryTime: 3000 })).toRecord().kind).toBe('operational');
  expect(toTaxonomyError(new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out', {} as never)).code).toBe('kafkaTimeout');
  expect(
    toTaxonomyError(new (KafkaJSLockTimeout as unknown as new (message: string) => Error)('Timeout while acquiring lock') /* its .d.ts omits the message KafkaJS passes */).code,
  ).toBe('kafkaTimeout');
  expect(classifyError(new KafkaJSError('The group is rebalancing, so a rejoin is needed'))).toBe('operational');
  const tooLarge = new KafkaJSProtocolError({
    message: 'The request included a message larger than the max message size the server will accept',
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
  } as never);
  expect(toTaxonomyError(tooLarge).toRecord()).toEqual({ kind: 'fatal', code: 'kafkaError', message: 'Kafka refused the request (KafkaJSProtocolError MESSAGE_TOO_LARGE)' });
  expect(classifyError(new KafkaJSNonRetriableError('SASL authentication failed'))).toBe('fatal');
  // A connected producer whose broker went away: the send's retrier wraps the cluster retrier's exhausted retries.
  const NonRetriable = KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: Error }) => Error; // its .d.ts omits the options KafkaJS passes
  const nested = new NonRetriable(new KafkaJSNumberOfRetriesExceeded(conn, { retryCount: 2, retryTime: 400 }), { cause: conn });
  expect(toTaxonomyError(nested).toRecord()).toEqual({ kind: 'operational', code: 'kafkaUnavailable', message: 'Kafka failed for now (KafkaJSConnectionError)' });
  expect(classifyError(new NonRetriable(tooLarge, { cause: tooLarge }))).toBe('fatal');
  expect(classifyError(new KafkaJSAggregateError('several failed', [conn, conn]))).toBe('operational');
});

test('network failures of any client are operational, also inside a wrapper or an AggregateError', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED ::1:6379'), { code: 'ECONNREFUSED' });
  expect(toTaxonomyError(refused).toRecord()).toEqual({ kind: 'operational', code: 'connectionFailed', message: 'a connection to a service failed (ECONNREFUSED)' });
  expect(classifyError(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' }) }))).toBe('operational');
  expect(classifyError(new AggregateError([refused, refused], 'all addresses failed'))).toBe('operational');
  expect(classifyError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('operational');
});

test('anything unknown is fatal, with a message that does not repeat what the error said', () => {
  const err = toTaxonomyError(new TypeError("Cannot read properties of undefined (reading 'mobile') for 김민수"));
  expect(err.toRecord()).toEqual({ kind: 'fatal', code: 'unexpected', message: 'unexpected error (TypeError)' });
  expect(classifyError('a string was thrown')).toBe('fatal');
  expect(classifyError(undefined)).toBe('fatal');
  expect(classifyError(null)).toBe('fatal');
  expect(classifyError({ code: 'ER_SOMETHING' })).toBe('fatal');
  const loop: Error & { cause?: unknown } = new Error('self-caused');
  loop.cause = loop;
  expect(classifyError(loop)).toBe('fatal');
});
