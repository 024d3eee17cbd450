import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection, type Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { dbServer } from '../../test/support/db.js';
import { testEnv } from '../../test/support/test-env.js';
import { classifyError, toTaxonomyError } from './classify-error.js';

/**
 * The classification against the errors the real drivers throw (MariaDB
 * through mysql2 and TypeORM, KafkaJS), so a driver upgrade that changes
 * their shape fails here. Its own scratch database; nothing shared is touched.
 */
const dbName = `${testEnv.dbName}_errors`;
const opened: Connection[] = [];
const connect = async () => {
  const c = await createConnection({ ...dbServer(), database: dbName });
  opened.push(c);
  return c;
};
const failureOf = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  const admin = await createConnection(dbServer());
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE \`${dbName}\``);
  await admin.end();
  const c = await connect();
  await c.query(`CREATE TABLE item (id INT PRIMARY KEY, idem VARCHAR(50) NOT NULL, code VARCHAR(20) NOT NULL,
    UNIQUE KEY uq_item_idempotency (idem), UNIQUE KEY uq_item_code (code)) ENGINE=InnoDB`);
  await c.query(`INSERT INTO item VALUES (1, 'a', 'A'), (2, 'b', 'B')`);
});

afterAll(async () => {
  for (const c of opened) await c.end().catch(() => undefined);
  const admin = await createConnection(dbServer());
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.end();
});

test('a repeated idempotency key is a user duplicate; another unique key a user conflict (mysql2 and TypeORM)', async () => {
  const c = await connect();
  expect(toTaxonomyError(await failureOf(c.query(`INSERT INTO item VALUES (3, 'a', 'C')`))).toRecord()).toEqual({
    kind: 'user',
    code: 'duplicate',
    message: 'already done: a duplicate of an earlier request (key uq_item_idempotency)',
  });
  expect(toTaxonomyError(await failureOf(c.query(`INSERT INTO item VALUES (3, 'c', 'A')`))).code).toBe('conflict');
  const ds = new DataSource({ type: 'mysql', ...dbServer(), username: dbServer().user, database: dbName });
  await ds.initialize();
  try {
    const err = await failureOf(ds.query(`INSERT INTO item VALUES (3, 'b', 'D')`));
    expect((err as Error).constructor.name).toBe('QueryFailedError');
    expect(toTaxonomyError(err).code).toBe('duplicate');
  } finally {
    await ds.destroy();
  }
});

test('a lock wait timeout and a deadlock are operational', async () => {
  const a = await connect();
  const b = await connect();
  await a.query('BEGIN');
  await a.query('SELECT * FROM item WHERE id = 1 FOR UPDATE');
  await b.query('SET SESSION innodb_lock_wait_timeout = 1');
  await b.query('BEGIN');
  const wait = toTaxonomyError(await failureOf(b.query('SELECT * FROM item WHERE id = 1 FOR UPDATE')));
  expect({ kind: wait.kind, code: wait.code }).toEqual({ kind: 'operational', code: 'lockWaitTimeout' });
  await b.query('ROLLBACK');

  await b.query('SET SESSION innodb_lock_wait_timeout = 10');
  await b.query('BEGIN');
  await b.query('SELECT * FROM item WHERE id = 2 FOR UPDATE');
  const aWaits = a.query('SELECT * FROM item WHERE id = 2 FOR UPDATE');
  await new Promise((r) => setTimeout(r, 300));
  const results = await Promise.allSettled([aWaits, b.query('SELECT * FROM item WHERE id = 1 FOR UPDATE')]);
  const victims = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(victims).toHaveLength(1);
  expect(toTaxonomyError(victims[0].reason).code).toBe('deadlock');
  await a.query('ROLLBACK');
  await b.query('ROLLBACK');
});

test('max_statement_time, a killed connection and a refused connection are operational', async () => {
  const a = await connect();
  const timedOut = toTaxonomyError(await failureOf(a.query('SET STATEMENT max_statement_time = 0.05 FOR SELECT SLEEP(2)')));
  expect({ kind: timedOut.kind, code: timedOut.code }).toEqual({ kind: 'operational', code: 'statementTimeout' });

  const victim = await connect();
  const [[{ id }]] = (await victim.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
  await a.query(`KILL ${Number(id)}`);
  expect(classifyError(await failureOf(victim.query('SELECT 1')))).toBe('operational');

  const refused = await failureOf(createConnection({ host: '127.0.0.1', port: await closedPort(), user: 'root', connectTimeout: 2000 }));
  expect(toTaxonomyError(refused).code).toBe('connectionFailed');
});

test('a statement the database refuses for a bug is fatal', async () => {
  const a = await connect();
  const err = toTaxonomyError(await failureOf(a.query('SELECT nme FROM item')));
  expect(err.toRecord()).toEqual({ kind: 'fatal', code: 'databaseError', message: 'the database refused the statement (ER_BAD_FIELD_ERROR)' });
});

test('a Kafka broker that cannot be reached is operational', async () => {
  const kafka = new Kafka({
    clientId: 'errors-spec',
    brokers: [`127.0.0.1:${await closedPort()}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 500,
    retry: { retries: 1, initialRetryTime: 50 },
  });
  const producer = kafka.producer();
  const err = await failureOf(producer.connect());
  expect((err as Error).name).toMatch(/^KafkaJS/);
  expect(toTaxonomyError(err).kind).toBe('operational');
  await producer.disconnect().catch(() => undefined);
});
