import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import type { Connection } from 'mysql2/promise';
import { testDb } from './support/db.js';
import { testBrokers } from './support/test-env.js';
import { eventually, metric, readiness } from './support/ingestion-probe.js';

/**
 * Round trip through the real broker and the running platform's ingestion
 * consumer: produce to customer-events, read MariaDB and the DLQ topic.
 */
let db: Connection;
let producer: Producer;
let dlqConsumer: Consumer;
const dead: Array<{ reason: string; value: string }> = [];
const kafka = new Kafka({ clientId: 'ingestion-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });

beforeAll(async () => {
  db = await testDb();
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  dlqConsumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
  await dlqConsumer.connect();
  await dlqConsumer.subscribe({ topic: 'customer-events.dlq', fromBeginning: true });
  await dlqConsumer.run({
    eachMessage: async ({ message }) => {
      dead.push({ reason: message.headers?.['dlq-reason']?.toString() ?? '', value: message.value?.toString() ?? '' });
    },
  });
});
afterAll(async () => {
  await dlqConsumer.disconnect();
  await producer.disconnect();
  await db.end();
});

const storedCount = async (eventId: string) => Number(((await db.query('SELECT COUNT(*) n FROM behaviour_event WHERE event_id = ?', [eventId]))[0] as any[])[0].n);

const storedCountIn = async (table: string, eventId: string) => Number(((await db.query(`SELECT COUNT(*) n FROM ${table} WHERE event_id = ?`, [eventId]))[0] as any[])[0].n);

const send = (values: Array<string>, key = 'C0000001') => producer.send({ topic: 'customer-events', messages: values.map((value) => ({ key, value })) });

test('a valid event is stored once with its properties, even when produced twice', async () => {
  const eventId = `evt-${randomUUID()}`;
  const event = { eventId, customerNo: 'C0000001', type: 'app.login', occurredAt: '2026-11-20T09:30:00+09:00', properties: { channel: 'mobile', amount: 50000 } };
  await send([JSON.stringify(event)]);
  await send([JSON.stringify(event)]);
  expect(
    await eventually(
      () => storedCount(eventId),
      (n) => n > 0,
    ),
  ).toBe(1);
  // Give the second copy time to be consumed, then check it changed nothing.
  const marker = `evt-${randomUUID()}`;
  await send([JSON.stringify({ ...event, eventId: marker })]);
  await eventually(
    () => storedCount(marker),
    (n) => n > 0,
  );
  expect(await storedCount(eventId)).toBe(1);
  const [rows] = await db.query('SELECT type, customer_no, occurred_at, properties, source FROM behaviour_event WHERE event_id = ?', [eventId]);
  const row = (rows as any[])[0];
  expect(row.type).toBe('app.login');
  expect(new Date(row.occurred_at).toISOString()).toBe('2026-11-20T00:30:00.000Z');
  expect(typeof row.properties === 'string' ? JSON.parse(row.properties) : row.properties).toEqual({ channel: 'mobile', amount: 50000 });
  expect(row.source).toMatch(/^customer-events\/\d+\/\d+$/);
});

test('malformed events go to the DLQ with a reason naming the problem, and the consumer keeps going', async () => {
  const tag = randomUUID();
  const unknownId = `evt-unknown-${tag}`;
  const missingId = `evt-missing-${tag}`;
  const unknownRaw = JSON.stringify({ eventId: unknownId, customerNo: 'NOPE999', type: 'app.login', occurredAt: '2026-11-20T09:30:00+09:00' });
  await send([
    `{not json ${tag}`,
    JSON.stringify({ eventId: missingId, type: 'app.login', occurredAt: '2026-11-20T09:30:00Z' }),
    JSON.stringify({ eventId: `evt-date-${tag}`, customerNo: 'C0000001', type: 'app.login', occurredAt: 'yesterday' }),
    unknownRaw,
  ]);
  const afterId = `evt-after-${tag}`;
  await send([JSON.stringify({ eventId: afterId, customerNo: 'C0000002', type: 'card.used', occurredAt: new Date().toISOString() })], 'C0000002');

  const mine = () => dead.filter((d) => d.value.includes(tag));
  await eventually(
    async () => mine(),
    (d) => d.length >= 4,
  );
  const reasons = mine().map((d) => d.reason);
  expect(reasons).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^invalid JSON/),
      expect.stringMatching(/customerNo: missing/),
      expect.stringMatching(/^occurredAt: /),
      expect.stringMatching(/unknown customer: customerNo "NOPE999"/),
    ]),
  );
  // Dead letters keep the original bytes, so they can be fixed and replayed.
  expect(mine().find((d) => d.reason.startsWith('unknown customer'))!.value).toBe(unknownRaw);
  expect(await storedCount(unknownId)).toBe(0);
  expect(await storedCount(missingId)).toBe(0);
  // The consumer is alive: the valid event produced after the bad ones is stored.
  expect(
    await eventually(
      () => storedCount(afterId),
      (n) => n > 0,
    ),
  ).toBe(1);
});

test('offsets are committed after the store: the group has no lag once events are stored', async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lag = async () => {
      const committed = await admin.fetchOffsets({ groupId: 'bank-crm-test-ingestion', topics: ['customer-events'] });
      const ends = await admin.fetchTopicOffsets('customer-events');
      return ends.reduce((sum, e) => {
        const c = committed[0]!.partitions.find((p) => p.partition === e.partition);
        return sum + (Number(e.high) - Math.max(0, Number(c?.offset ?? 0)));
      }, 0);
    };
    expect(await eventually(lag, (n) => n === 0)).toBe(0);
  } finally {
    await admin.disconnect();
  }
});

test('when the store fails the batch is not committed: /readyz says so, and the event is stored once the database recovers', async () => {
  const eventId = `evt-retry-${randomUUID()}`;
  const failuresBefore = await metric('ingestion_batch_failures_total', { stage: 'store' });
  // Make every insert fail: the table disappears under the consumer's feet.
  await db.query('RENAME TABLE behaviour_event TO behaviour_event_away');
  try {
    await send([JSON.stringify({ eventId, customerNo: 'C0000003', type: 'deposit.opened', occurredAt: new Date().toISOString() })], 'C0000003');
    // Evidence that a store of this batch failed (not just that time passed), and that readiness reports it.
    expect(
      await eventually(
        () => metric('ingestion_batch_failures_total', { stage: 'store' }),
        (n) => n > failuresBefore,
        30_000,
      ),
    ).toBeGreaterThan(failuresBefore);
    const during = await eventually(readiness, (r) => r.status === 503, 10_000);
    expect(during.status).toBe(503);
    expect(during.ingestion).toMatch(/^failing: .*store of a batch from customer-events\/\d+ failed/);
    expect(await storedCountIn('behaviour_event_away', eventId)).toBe(0);
  } finally {
    await db.query('RENAME TABLE behaviour_event_away TO behaviour_event');
  }
  expect(
    await eventually(
      () => storedCount(eventId),
      (n) => n > 0,
      60_000,
    ),
  ).toBe(1);
  expect((await eventually(readiness, (r) => r.status === 200, 30_000)).status).toBe(200);
}, 120_000);
