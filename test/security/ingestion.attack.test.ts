import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type CompressionTypes, type ConfigResourceTypes, type Producer } from 'kafkajs';
import type { Connection } from 'mysql2/promise';
import { testDb } from '../support/db.js';
import { eventually, metric, readDlq, readiness, testKafka, type DeadLetterSeen } from '../support/ingestion-probe.js';

/**
 * Attacks on ingestion through a real producer on the suite's broker, as a
 * compromised or buggy channel system would send them. Each case names the
 * defence it needs; without it the case fails:
 *  - poison volume and size: dead letters cut to the DLQ's size limit and split
 *    into sends that fit (else MESSAGE_TOO_LARGE, a crash KafkaJS does not restart);
 *  - look-alike ids: binary collation and no trimming (else merged events);
 *  - database refusals: rows isolated and dead-lettered (else INSERT IGNORE drops them silently);
 *  - sanity limits: INGEST_* checks with reasons;
 *  - an outage of the DLQ: supervised consumer, /readyz not ready, lag still reported.
 */
const TOPIC = 'customer-events';
const DLQ = 'customer-events.dlq';
const kafka = testKafka();
let producer: Producer;
let admin: Admin;
let db: Connection;
let dlq: { seen: DeadLetterSeen[]; stop: () => Promise<void> };

beforeAll(async () => {
  db = await testDb();
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  admin = kafka.admin();
  await admin.connect();
  dlq = await readDlq(DLQ);
});
afterAll(async () => {
  try {
    await dlq.stop();
    // Whatever happened above, the later test files share this platform: they need the DLQ topic and a
    // consuming ingestion. If it does not come back, this file fails here, saying so, rather than them.
    await ensureDlqTopic();
    const ready = await eventually(readiness, (r) => r.status === 200, 120_000, 500);
    if (ready.status !== 200)
      throw new Error(`ingestion is still not ready after the attack tests (/readyz ${ready.status}, ingestion: ${ready.ingestion}); later test files would fail for it`);
  } finally {
    await admin.disconnect();
    await producer.disconnect();
    await db.end();
  }
}, 200_000);

/**
 * Creates the DLQ topic if it is missing (the platform may have created it again already) and waits
 * until its partition has a leader. A fresh admin client each time: one that saw the topic deleted may
 * hold its old metadata. The broker deletes asynchronously, so creating may be refused for a moment.
 */
async function ensureDlqTopic(): Promise<void> {
  const ready = await eventually(
    async () => {
      const a = testKafka().admin();
      try {
        await a.connect();
        if (!(await a.listTopics()).includes(DLQ)) await a.createTopics({ topics: [{ topic: DLQ, numPartitions: 1, replicationFactor: 1 }] });
        const { topics } = await a.fetchTopicMetadata({ topics: [DLQ] });
        const partitions = topics[0]?.partitions ?? [];
        return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
      } catch {
        return false;
      } finally {
        await a.disconnect().catch(() => undefined);
      }
    },
    (ok) => ok,
    60_000,
    500,
  );
  if (!ready) throw new Error(`the DLQ topic ${DLQ} could not be created again within 60 s`);
}

interface IngestionSample {
  at: number;
  status: number;
  ingestion: string | undefined;
  lag: number;
}

/**
 * Samples /readyz and the consumer lag every 100 ms until stopped: an outage the platform recovers
 * from by itself may last only a couple of seconds, and a one-off look after the fact can miss it.
 */
function watchIngestion(): { stop: () => Promise<IngestionSample[]> } {
  const samples: IngestionSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const [r, lag] = await Promise.all([readiness(), metric('kafka_consumer_lag', { topic: TOPIC })]).catch(() => [null, 0] as const);
      if (r) samples.push({ at: Date.now(), status: r.status, ingestion: r.ingestion, lag });
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

const storedIds = async (like: string): Promise<string[]> =>
  ((await db.query('SELECT event_id FROM behaviour_event WHERE event_id LIKE ? ORDER BY event_id', [like]))[0] as Array<{ event_id: string }>).map((r) => r.event_id);
const storedCount = async (eventId: string) =>
  Number(((await db.query('SELECT COUNT(*) n FROM behaviour_event WHERE CAST(event_id AS BINARY) = CAST(? AS BINARY)', [eventId]))[0] as any[])[0].n);
const event = (eventId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ eventId, customerNo: 'C0000004', type: 'app.login', occurredAt: new Date().toISOString(), properties: { channel: 'mobile' }, ...extra });
const send = (values: string[], key = 'C0000004') => producer.send({ topic: TOPIC, messages: values.map((value) => ({ key, value })) });
const lettersFor = (tag: string) => dlq.seen.filter((d) => (d.value?.includes(tag) ?? false) || (d.headers['dlq-reason'] ?? '').includes(tag));

async function maxMessageBytes(topic: string): Promise<number> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: 2 as ConfigResourceTypes /* TOPIC */, name: topic, configNames: ['max.message.bytes'] }],
  });
  return Number(resources[0]!.configEntries[0]!.configValue);
}

test('a burst of 3,000 malformed events and one malformed message just under the size limit do not stop ingestion', async () => {
  const tag = `burst-${randomUUID()}`;
  const limit = await maxMessageBytes(TOPIC);
  // 3,000 junk messages of ~400 bytes in ONE gzip-compressed record batch: the broker's limit applies to
  // the compressed size (a few kB), but the consumer gets all 1.2 MB at once, and so do their dead letters.
  const junk = (i: number) => `{"eventId": "${tag}-${i}", "broken": "${'x'.repeat(340)}"`;
  await producer.send({
    topic: TOPIC,
    compression: 1 as CompressionTypes /* GZIP; kafkajs does not expose the enum as an ES named export */,
    messages: Array.from({ length: 3000 }, (_, i) => ({ key: `burst-${tag}`, value: junk(i) })),
  });
  // One malformed message as large as the broker accepts (less the record batch framing): its dead
  // letter, with headers added, is larger than the DLQ accepts.
  const huge = Buffer.alloc(limit - 200, 'y');
  Buffer.from(`{"tag":"${tag}-huge",`).copy(huge);
  await producer.send({ topic: TOPIC, messages: [{ key: `burst-${tag}`, value: huge }] });

  const afterId = `${tag}-valid`;
  const sentAt = Date.now();
  await send([event(afterId)], `burst-${tag}`);
  expect(
    await eventually(
      () => storedCount(afterId),
      (n) => n > 0,
      30_000,
    ),
  ).toBe(1);
  expect(Date.now() - sentAt).toBeLessThan(30_000);
  expect((await readiness()).status).toBe(200);

  // Nothing lost silently: every malformed message is in the DLQ with its reason and origin.
  const letters = await eventually(
    async () => lettersFor(tag),
    (l) => l.length >= 3001,
    30_000,
  );
  expect(letters.length).toBe(3001);
  const oversized = letters.find((l) => l.headers['dlq-truncated'] !== undefined)!;
  expect(oversized).toBeDefined();
  expect(oversized.reason).toMatch(/^invalid JSON/);
  expect(oversized.headers['dlq-topic']).toBe(TOPIC);
  expect(oversized.headers['dlq-partition']).toMatch(/^\d+$/);
  expect(oversized.headers['dlq-offset']).toMatch(/^\d+$/);
  expect(oversized.headers['dlq-source']).toBe(`${TOPIC}/${oversized.headers['dlq-partition']}/${oversized.headers['dlq-offset']}`);
  expect(Number(oversized.headers['dlq-original-bytes'])).toBe(huge.length);
  expect(oversized.value!.length).toBeLessThan(huge.length);
  expect(oversized.value!.subarray(0, 40).equals(huge.subarray(0, 40))).toBe(true);
  expect(letters.filter((l) => l.headers['dlq-truncated'] === undefined).every((l) => /^invalid JSON/.test(l.reason))).toBe(true);
}, 120_000);

test('event ids that differ only by case, accent, composition or trailing space are never merged', async () => {
  const tag = randomUUID();
  const variants = [`abc-${tag}`, `ABC-${tag}`, `ábc-${tag}`, `a\u0301bc-${tag}`];
  await send([...variants.map((id) => event(id)), event(`abc-${tag} `), event(` abc-${tag}`), event(`low-${tag}`, { customerNo: 'c0000004' })]);

  const stored = await eventually(
    () => storedIds(`%${tag}%`),
    (ids) => ids.length >= 4,
  );
  expect(stored.sort()).toEqual([...variants].sort());
  for (const id of variants) expect(await storedCount(id)).toBe(1);

  const letters = await eventually(
    async () => lettersFor(tag),
    (l) => l.length >= 3,
  );
  const reasons = letters.map((l) => l.reason);
  expect(reasons.filter((r) => r === 'eventId: must not begin or end with whitespace (ids are compared exactly, never trimmed)')).toHaveLength(2);
  // A customer number compares exactly too: c0000004 is not customer C0000004.
  expect(reasons).toContain('unknown customer: customerNo "c0000004" does not exist');
  expect(await storedCount(`low-${tag}`)).toBe(0);
});

test('an event the database refuses goes to the DLQ with the reason, and the rest of its batch is stored', async () => {
  const tag = randomUUID();
  // JSON nested deeper than MariaDB accepts: the schema's CHECK (JSON_VALID) refuses it, the parser does not.
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = { d: deep };
  const refusedId = `refused-${tag}`;
  const fineIds = [`fine-1-${tag}`, `fine-2-${tag}`];
  const storedBefore = await metric('ingestion_events_total', { outcome: 'stored' });
  await send([event(fineIds[0]!), event(refusedId, { properties: { deep } }), event(fineIds[1]!)]);

  const letter = (
    await eventually(
      async () => lettersFor(tag),
      (l) => l.length >= 1,
    )
  )[0];
  expect(letter?.reason).toMatch(/^refused by the database: CONSTRAINT `behaviour_event.properties` failed/);
  expect(letter?.value?.toString()).toContain(refusedId);
  expect(
    await eventually(
      () => storedIds(`fine-%-${tag}`),
      (ids) => ids.length >= 2,
    ),
  ).toEqual(fineIds);
  expect(await storedCount(refusedId)).toBe(0);
  // Counted as stored: exactly the two rows the database holds, not the refused one.
  expect(await metric('ingestion_events_total', { outcome: 'stored' })).toBe(storedBefore + 2);
});

test('events dated outside the window or with too many or too large properties are dead-lettered with the reason', async () => {
  const tag = randomUUID();
  const inOneDay = new Date(Date.now() + 24 * 3600_000).toISOString();
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, i]));
  await send([
    event(`future-${tag}`, { occurredAt: inOneDay }),
    event(`ancient-${tag}`, { occurredAt: '1950-06-25T04:00:00+09:00' }),
    event(`many-${tag}`, { properties: many }),
    event(`large-${tag}`, { properties: { note: 'z'.repeat(17_000) } }),
    event(`ok-${tag}`, { occurredAt: new Date(Date.now() + 60_000).toISOString() }),
  ]);
  const letters = await eventually(
    async () => lettersFor(tag),
    (l) => l.length >= 4,
  );
  const reasonOf = (id: string) => letters.find((l) => l.value?.toString().includes(`${id}-${tag}`))?.reason;
  expect(reasonOf('future')).toMatch(/^occurredAt: .* is more than 10 minutes after the event was received/);
  expect(reasonOf('ancient')).toBe('occurredAt: 1950-06-24T19:00:00.000Z is before the earliest accepted date 1962-01-01');
  expect(reasonOf('many')).toBe('properties: 51 properties, at most 50 allowed');
  expect(reasonOf('large')).toMatch(/^properties: 170\d\d bytes as JSON, at most 16384 allowed$/);
  // A clock a minute ahead is within the window.
  expect(
    await eventually(
      () => storedCount(`ok-${tag}`),
      (n) => n > 0,
    ),
  ).toBe(1);
  for (const id of ['future', 'ancient', 'many', 'large']) expect(await storedCount(`${id}-${tag}`)).toBe(0);
});

test('when the DLQ cannot be written, the consumer reports not ready, keeps the lag reported, restarts, and recovers on its own', async () => {
  const tag = randomUUID();
  const restartsBefore = await metric('ingestion_consumer_restarts_total');
  const failuresBefore = await metric('ingestion_batch_failures_total', { stage: 'dead_letter' });
  await dlq.stop();
  const watch = watchIngestion();
  let samples: IngestionSample[] = [];
  try {
    await admin.deleteTopics({ topics: [DLQ], timeout: 10_000 });
    // The broker deletes asynchronously: the events below must find the DLQ gone.
    expect(
      await eventually(
        () => admin.listTopics(),
        (topics) => !topics.includes(DLQ),
        30_000,
      ),
    ).not.toContain(DLQ);
    await send([`{"malformed": "${tag}"`, event(`after-outage-${tag}`)], `outage-${tag}`);
    // The outage is seen: a dead-letter send failed, and the consumer gives up on the batch,
    // crashes, and is replaced (not left stopped).
    expect(
      await eventually(
        () => metric('ingestion_batch_failures_total', { stage: 'dead_letter' }),
        (n) => n > failuresBefore,
        60_000,
      ),
    ).toBeGreaterThan(failuresBefore);
    expect(
      await eventually(
        () => metric('ingestion_consumer_restarts_total'),
        (n) => n > restartsBefore,
        90_000,
      ),
    ).toBeGreaterThan(restartsBefore);
  } finally {
    // The platform creates the DLQ again when it restarts the consumer; if it has not (yet), the
    // test does, as an operator would. Either way recovery must then need no one.
    try {
      await ensureDlqTopic();
      dlq = await readDlq(DLQ);
      // The sampling goes on until ingestion is ready again (or gives up: the asserts below say why).
      await eventually(readiness, (r) => r.status === 200, 90_000, 250);
    } finally {
      samples = await watch.stop();
    }
  }
  // While it lasted, /readyz said not ready and why, and the lag stayed reported from the broker.
  const outage = samples.filter((x) => x.status === 503);
  expect(outage.map((x) => x.ingestion)).toContainEqual(
    expect.stringMatching(/^failing: (dead_letter of a batch from customer-events\/\d+ failed|restarting: the consumer crashed)/),
  );
  expect(Math.max(0, ...outage.map((x) => x.lag))).toBeGreaterThanOrEqual(1);
  // Recovery needs no one: the malformed event reaches the new DLQ, the valid one is stored, and /readyz is ready again.
  const letters = await eventually(
    async () => lettersFor(tag),
    (l) => l.length >= 1,
    60_000,
  );
  expect(letters[0]?.reason).toMatch(/^invalid JSON/);
  expect(
    await eventually(
      () => storedCount(`after-outage-${tag}`),
      (n) => n > 0,
      60_000,
    ),
  ).toBe(1);
  expect((await eventually(readiness, (r) => r.status === 200, 60_000)).status).toBe(200);
  expect(
    await eventually(
      () => metric('kafka_consumer_lag', { topic: 'customer-events' }),
      (n) => n === 0,
      30_000,
    ),
  ).toBe(0);
}, 420_000);
