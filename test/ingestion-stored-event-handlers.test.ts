import type { EachBatchPayload } from 'kafkajs';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createBatchHandler } from '../engine/ingestion/batch-handler.js';
import { defaultEventLimits } from '../engine/ingestion/event-limits.js';
import { IngestionHealth } from '../engine/ingestion/ingestion-health.js';
import type { DeadLetterSender } from '../engine/ingestion/dead-letter-sender.js';
import type { StoredEventBatch, StoredEventHandler } from '../engine/ingestion/stored-event-handler.js';
import { OperationalError } from '../engine/errors/index.js';
import { createScratchDb } from './support/scratch-db.js';
import { testEnv } from './support/test-env.js';

/**
 * The ingestion batch handler's stored-event handlers, on a scratch
 * database with a scripted Kafka batch: they run in the order registered
 * with the batch's stored AND duplicate events, before the offsets are
 * committed; one that fails leaves the offsets uncommitted, and the
 * redelivered batch (its events now all duplicates) reaches every handler again.
 */
const dbName = `${testEnv.dbName}_handlers`;
let ds: DataSource;
const customers: Record<string, number> = {};

beforeAll(async () => {
  ds = await createScratchDb(dbName);
  for (const no of ['H0000001', 'H0000002']) {
    const res = await ds.query("INSERT INTO customer (customer_no, name, status) VALUES (?, '핸들러', 'ACTIVE')", [no]);
    customers[no] = Number(res.insertId);
  }
});
afterAll(async () => {
  await ds.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await ds.destroy();
});

function payloadOf(messages: Array<{ offset: string; value: object }>) {
  const commits: unknown[] = [];
  const payload = {
    batch: {
      topic: 'customer-events',
      partition: 1,
      highWatermark: String(Number(messages[messages.length - 1]!.offset) + 1),
      messages: messages.map((m) => ({ offset: m.offset, key: null, value: Buffer.from(JSON.stringify(m.value)), headers: {}, timestamp: '0', attributes: 0 })),
    },
    isRunning: () => true,
    isStale: () => false,
    heartbeat: async () => undefined,
    resolveOffset: () => undefined,
    commitOffsetsIfNecessary: async (offsets: unknown) => void commits.push(offsets),
  } as unknown as EachBatchPayload;
  return { payload, commits };
}

test('handlers run in order with the stored and duplicate events; a failing one leaves the offsets uncommitted and the retried batch reaches every handler again', async () => {
  const calls: Array<[string, StoredEventBatch]> = [];
  let failures = 1;
  const handlers: StoredEventHandler[] = [
    { name: 'first', handle: async (b) => void calls.push(['first', b]) },
    {
      name: 'second',
      handle: async (b) => {
        calls.push(['second', b]);
        if (failures-- > 0) throw new OperationalError('connectionFailed', 'down for now');
      },
    },
  ];
  const logged: Array<Record<string, unknown>> = [];
  const handle = createBatchHandler({
    ds,
    logger: pino({ level: 'error' }, { write: (s: string) => void logged.push(JSON.parse(s)) }),
    limits: defaultEventLimits,
    health: new IngestionHealth(),
    deadLetters: () => ({ send: async () => undefined }) as unknown as DeadLetterSender,
    onSuccess: () => undefined,
    storedEventHandlers: handlers,
  });
  const at = '2026-11-20T00:30:00.000Z';
  const a = { eventId: 'h-evt-1', customerNo: 'H0000001', type: 'app.login', occurredAt: at, properties: { channel: 'mobile' } };
  const b = { eventId: 'h-evt-2', customerNo: 'H0000002', type: 'card.used', occurredAt: at };
  // One event was stored by an earlier batch (a redelivery), one comes twice in this batch.
  await ds.query(
    "INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source) VALUES ('h-evt-1', ?, 'H0000001', 'app.login', ?, '{\"channel\":\"mobile\"}', NOW(3), 'customer-events/1/0')",
    [customers.H0000001, new Date(at)],
  );
  const messages = [
    { offset: '10', value: a },
    { offset: '11', value: b },
    { offset: '12', value: b },
  ];

  const first = payloadOf(messages);
  await expect(handle(first.payload)).rejects.toMatchObject({ code: 'connectionFailed' });
  expect(first.commits).toEqual([]);
  expect(logged).toEqual([expect.objectContaining({ stage: 'hooks', handler: 'second' })]);
  const expected: StoredEventBatch = {
    customerIds: expect.arrayContaining([customers.H0000001, customers.H0000002]) as unknown as number[],
    events: [
      { eventId: 'h-evt-1', customerId: customers.H0000001!, customerNo: 'H0000001', type: 'app.login', occurredAt: new Date(at), properties: { channel: 'mobile' } },
      { eventId: 'h-evt-2', customerId: customers.H0000002!, customerNo: 'H0000002', type: 'card.used', occurredAt: new Date(at), properties: {} },
      { eventId: 'h-evt-2', customerId: customers.H0000002!, customerNo: 'H0000002', type: 'card.used', occurredAt: new Date(at), properties: {} },
    ],
  };
  expect(calls.map(([name]) => name)).toEqual(['first', 'second']);
  expect(calls[0]![1]).toEqual(expected);
  expect(calls[0]![1].customerIds).toHaveLength(2);

  // Redelivered (offsets were not committed): every event is a duplicate now, and both handlers see them again.
  const again = payloadOf(messages);
  await handle(again.payload);
  expect(calls.map(([name]) => name)).toEqual(['first', 'second', 'first', 'second']);
  expect(calls[2]![1]).toEqual(expected);
  expect(again.commits).toEqual([{ topics: [{ topic: 'customer-events', partitions: [{ partition: 1, offset: '13' }] }] }]);
  expect(Number((await ds.query("SELECT COUNT(*) n FROM behaviour_event WHERE event_id LIKE 'h-evt-%'"))[0].n)).toBe(2);
});
