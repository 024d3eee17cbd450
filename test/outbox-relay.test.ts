import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { createDataSource } from '../engine/db/data-source.js';
import { migrations } from '../engine/db/migrations.js';
import { ensureTopics } from '../engine/kafka/ensure-topics.js';
import { startKafka, type RunningKafka } from '../docker/kafka/launcher.js';
import { appendToOutbox, collectOutboxBacklog, DomainEventRelay, newDomainEvent, purgePublishedEvents, type RelayOptions } from '../engine/outbox/index.js';
import { outboxBacklog, outboxRelayStalled } from '../engine/outbox/outbox-metrics.js';
import { parseDomainEvent, toSegmentKafkaMessage, type DomainEvent, type DomainEventActor, type DomainTopicNames } from '../engine/definitions/domain-events/index.js';
import { toSegmentEvent } from '../engine/segments/segment-event.js';
import { FatalError, OperationalError, UserError } from '../engine/errors/index.js';
import { createScratchDb } from './support/scratch-db.js';
import { dbServer } from './support/db.js';
import { eventually } from './support/ingestion-probe.js';
import { testBrokers, testEnv } from './support/test-env.js';

/**
 * The domain-event outbox and its relay against a real MariaDB (a scratch
 * database of this file, so no other relay sees its rows) and the suite's
 * real Kafka broker (topics of this run only), plus a broker of its own that
 * is stopped and started again for the outage test.
 */
const dbName = `${testEnv.dbName}_relay`;
let ds: DataSource;
/** A second pool: another process's connections, for the two-relays test. */
let ds2: DataSource;
const kafka = new Kafka({ clientId: 'outbox-relay-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });
const run = randomUUID().slice(0, 8);
const actor: DomainEventActor = { kind: 'system', id: 'outbox-test' };
const relays: DomainEventRelay[] = [];
const consumers: Consumer[] = [];

/** Topics of one test, so its consumer reads only its own messages. */
async function topicsFor(name: string): Promise<DomainTopicNames> {
  const names = { crmEvents: `ob-${run}-${name}-crm`, segmentEvents: `ob-${run}-${name}-seg`, journeyEvents: `ob-${run}-${name}-jny`, messageEvents: `ob-${run}-${name}-msg` };
  await ensureTopics(
    kafka,
    Object.values(names).map((n) => ({ name: n, partitions: 3 })),
  );
  return names;
}

interface Seen {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
}
/** Everything produced to `topics`, as consumed from the beginning. */
async function consume(topics: string[], client = kafka): Promise<Seen[]> {
  const seen: Seen[] = [];
  const consumer = client.consumer({ groupId: `outbox-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  consumers.push(consumer);
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      seen.push({ topic, partition, offset: message.offset, key: message.key!.toString(), value: message.value!.toString() });
    },
  });
  return seen;
}

const lines: Array<Record<string, any>> = [];
const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });

function relay(on: DataSource, opts: Partial<RelayOptions> = {}): DomainEventRelay {
  const r = new DomainEventRelay(on, { logger, sweepEveryMs: 0, random: () => 0.5, ...opts });
  relays.push(r);
  return r;
}

let customerSeq = 0;
/** A customer of the scratch database (events name existing customers, as the writers' do). */
async function customer(): Promise<{ id: number; no: string }> {
  const no = `R${run.slice(0, 4)}${String(++customerSeq).padStart(5, '0')}`;
  const res = await ds.query("INSERT INTO customer (customer_no, name, status) VALUES (?, '아웃박스', 'ACTIVE')", [no]);
  return { id: Number(res.insertId), no };
}

const changed = (c: { id: number; no: string }, field = 'region') =>
  newDomainEvent('customer.changed', c.no, { customerId: c.id, change: 'updated', fields: [field] }, new Date(), actor);
const write = (events: DomainEvent[], on = ds) => on.transaction((tx) => appendToOutbox(tx, events));
const idsOf = async (): Promise<Map<string, number>> =>
  new Map((await ds.query('SELECT id, event_id FROM domain_event')).map((r: { id: string; event_id: string }) => [r.event_id, Number(r.id)]));
const unpublished = async () => Number((await ds.query('SELECT COUNT(*) n FROM domain_event WHERE published_at IS NULL'))[0].n);

/** Per Kafka key (customer), the outbox ids of its messages in the order consumed: must be strictly increasing. */
function inOrderPerCustomer(seen: Seen[], ids: Map<string, number>): boolean {
  const last = new Map<string, number>();
  for (const s of seen) {
    const id = ids.get(JSON.parse(s.value).eventId)!;
    if (id === undefined || (last.get(s.key) ?? 0) >= id) return false;
    last.set(s.key, id);
  }
  return true;
}

beforeAll(async () => {
  ds = await createScratchDb(dbName);
  ds2 = createDataSource({ ...dbServer(), database: dbName });
  await ds2.initialize();
});
afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  for (const c of consumers.splice(0)) await c.disconnect();
});
afterAll(async () => {
  await ds2.destroy();
  await ds.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await ds.destroy();
});

describe('appendToOutbox', () => {
  test('an event is written in the transaction of its change: a rolled-back change leaves no event, a committed one leaves exactly it', async () => {
    const no = `A${run.slice(0, 4)}00001`;
    let event: DomainEvent | undefined;
    await expect(
      ds.transaction(async (tx) => {
        const res = await tx.query("INSERT INTO customer (customer_no, name, status) VALUES (?, '롤백', 'ACTIVE')", [no]);
        event = changed({ id: Number(res.insertId), no });
        await appendToOutbox(tx, [event]);
        throw new Error('the change fails after its event was appended');
      }),
    ).rejects.toThrow('the change fails');
    expect(await ds.query('SELECT id FROM customer WHERE customer_no = ?', [no])).toEqual([]);
    expect(await ds.query('SELECT id FROM domain_event WHERE event_id = ?', [event!.eventId])).toEqual([]);

    await ds.transaction(async (tx) => {
      const res = await tx.query("INSERT INTO customer (customer_no, name, status) VALUES (?, '커밋', 'ACTIVE')", [no]);
      event = changed({ id: Number(res.insertId), no });
      await appendToOutbox(tx, [event]);
    });
    const [row] = await ds.query('SELECT event_id, type, customer_no, occurred_at, body, published_at FROM domain_event WHERE event_id = ?', [event!.eventId]);
    expect(row).toMatchObject({ event_id: event!.eventId, type: 'customer.changed', customer_no: no, published_at: null });
    expect(new Date(row.occurred_at).toISOString()).toBe(event!.occurredAt);
    const body = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
    expect(parseDomainEvent(body)).toEqual({ ok: true, event });
  });

  test('refuses outside a transaction, and refuses an event that does not fit the catalogue (the transaction rolls back)', async () => {
    const c = await customer();
    await expect(appendToOutbox(ds, [changed(c)])).rejects.toMatchObject({ kind: 'fatal', code: 'outboxOutsideTransaction' });
    await expect(appendToOutbox(ds.manager, [changed(c)])).rejects.toMatchObject({ kind: 'fatal', code: 'outboxOutsideTransaction' });
    const bad = { ...changed(c), customerNo: `${c.no} ` } as DomainEvent;
    const good = changed(c);
    await expect(write([good, bad])).rejects.toMatchObject({
      kind: 'fatal',
      code: 'invalidDomainEvent',
      message: expect.stringMatching(/customerNo: must not begin or end with whitespace/),
    });
    expect(await ds.query('SELECT id FROM domain_event WHERE event_id = ?', [good.eventId])).toEqual([]);
  });

  test('more events than one statement takes keep the order given', async () => {
    const c = await customer();
    const events = Array.from({ length: 2500 }, () => changed(c));
    await write(events);
    const rows: Array<{ event_id: string }> = await ds.query('SELECT event_id FROM domain_event WHERE customer_no = ? ORDER BY id', [c.no]);
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.eventId));
    // Leave the scratch outbox empty for the relay tests.
    await ds.query('UPDATE domain_event SET published_at = NOW(3) WHERE published_at IS NULL');
  });
});

describe('DomainEventRelay', () => {
  test('delivers in id order per customer, to Kafka (routed, keyed by customer) and to subscribers, and marks the rows published', async () => {
    const topics = await topicsFor('order');
    const cs = [await customer(), await customer(), await customer()];
    // Interleaved writes of three customers, in transactions of 1 to 4 events.
    const written: DomainEvent[] = [];
    for (let i = 0; written.length < 60; i++) {
      const batch = Array.from({ length: (i % 4) + 1 }, (_, k) => changed(cs[(i + k) % 3]!, `f${written.length + k}`));
      await write(batch);
      written.push(...batch);
    }
    // A segment transition is routed to the segment topic in today's message shape.
    const seg = newDomainEvent(
      'segment.entered',
      cs[0]!.no,
      {
        transitionId: '4242',
        customerId: cs[0]!.id,
        segmentId: 3,
        versionId: 12,
        version: 2,
        segmentName: '펀드 관심 고객',
        cause: 'event',
      },
      new Date('2026-03-02T01:00:00.5Z'),
      { kind: 'system', id: 'ingestion' },
    );
    await write([seg]);

    const delivered: DomainEvent[] = [];
    const r = relay(ds, { topicNames: topics, batchSize: 7 });
    r.subscribe('recorder', ['customer.changed', 'segment.entered'], async (events) => void delivered.push(...events));
    await r.connect(kafka);
    const seen = await consume([topics.crmEvents, topics.segmentEvents]);
    expect(await r.drain()).toEqual({ published: 61, standby: false });
    expect(await unpublished()).toBe(0);
    expect(delivered.map((e) => e.eventId)).toEqual([...written, seg].map((e) => e.eventId));

    await eventually(
      async () => seen.length,
      (n) => n >= 61,
    );
    expect(seen).toHaveLength(61);
    const crm = seen.filter((s) => s.topic === topics.crmEvents);
    expect(crm.every((s) => s.key === JSON.parse(s.value).customerNo)).toBe(true);
    expect(crm.map((s) => parseDomainEvent(JSON.parse(s.value)))).toEqual(expect.arrayContaining(written.map((event) => ({ ok: true, event }))));
    expect(inOrderPerCustomer(crm, await idsOf())).toBe(true);
    const [segMessage] = seen.filter((s) => s.topic === topics.segmentEvents);
    expect(segMessage!.key).toBe(cs[0]!.no);
    expect(segMessage!.value).toBe(JSON.stringify(toSegmentKafkaMessage(seg)));
    expect(segMessage!.value).toBe(
      JSON.stringify(
        toSegmentEvent(
          { id: '4242', segment_id: 3, version_id: 12, customer_id: cs[0]!.id, kind: 'ENTERED', cause: 'EVENT', occurred_at: new Date('2026-03-02T01:00:00.5Z') },
          cs[0]!.no,
          { name: '펀드 관심 고객', version: 2 },
        ),
      ),
    );
    const [lease] = await ds.query('SELECT holder, relayed_at FROM domain_event_relay');
    expect(lease.holder).toMatch(/:\d+$/);
  });

  test('while another process holds the lease, a relay is a standby and sends nothing; then it takes over', async () => {
    const topics = await topicsFor('standby');
    const c = await customer();
    await write([changed(c), changed(c)]);
    const r = relay(ds, { topicNames: topics });
    await r.connect(kafka);
    const other = await createConnection({ ...dbServer(), database: dbName });
    try {
      await other.query('START TRANSACTION');
      await other.query('SELECT id FROM domain_event_relay WHERE id = 1 FOR UPDATE');
      expect(await r.drain()).toEqual({ published: 0, standby: true });
      expect(await unpublished()).toBe(2);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    expect(await r.drain()).toEqual({ published: 2, standby: false });
  });

  test("two relays running at once (two processes) never send a row twice and keep each customer's order", async () => {
    const topics = await topicsFor('two');
    const cs = await Promise.all(Array.from({ length: 5 }, () => customer()));
    const byA: DomainEvent[] = [];
    const byB: DomainEvent[] = [];
    const a = relay(ds, { topicNames: topics, batchSize: 20, sweepEveryMs: 25, standbyRetryMs: 10, holder: 'process-a' });
    const b = relay(ds2, { topicNames: topics, batchSize: 20, sweepEveryMs: 25, standbyRetryMs: 10, holder: 'process-b' });
    a.subscribe('recorder', ['customer.changed'], async (events) => void byA.push(...events));
    b.subscribe('recorder', ['customer.changed'], async (events) => void byB.push(...events));
    const seen = await consume([topics.crmEvents]);
    await a.start(kafka);
    await b.start(kafka);

    // Two writers (one per "process"), each kicking its own relay after every commit.
    const total = 400;
    const writer = async (on: DataSource, r: DomainEventRelay, offset: number) => {
      for (let i = 0; i < total / 2 / 5; i++) {
        await write(
          Array.from({ length: 5 }, (_, k) => changed(cs[(i + k + offset) % 5]!)),
          on,
        );
        void r.kick();
      }
    };
    await Promise.all([writer(ds, a, 0), writer(ds2, b, 2)]);
    expect(await eventually(unpublished, (n) => n === 0, 30_000)).toBe(0);
    await eventually(
      async () => seen.length,
      (n) => n >= total,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything sent twice would arrive by now

    const eventIds = seen.map((s) => JSON.parse(s.value).eventId);
    expect(eventIds).toHaveLength(total);
    expect(new Set(eventIds).size).toBe(total);
    const ids = await idsOf();
    expect(inOrderPerCustomer(seen, ids)).toBe(true);
    // Each relay delivered batches in id order, and together every event exactly once.
    const ascending = (list: DomainEvent[]) => list.every((e, i) => i === 0 || ids.get(list[i - 1]!.eventId)! < ids.get(e.eventId)!);
    expect(ascending(byA) && ascending(byB)).toBe(true);
    expect(byA.length + byB.length).toBe(total);
    expect(new Set([...byA, ...byB].map((e) => e.eventId)).size).toBe(total);
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
  }, 90_000);

  test('a kick from inside a subscriber (it wrote events of its own) does not wait for the pass it is part of', async () => {
    const topics = await topicsFor('nested');
    const c = await customer();
    const r = relay(ds, { topicNames: topics, kickWaitMs: 20_000 });
    let follow: DomainEvent | undefined;
    r.subscribe('follower', ['customer.changed'], async (events) => {
      if (follow || !events.some((e) => e.type === 'customer.changed' && e.payload.fields[0] === 'region')) return;
      follow = changed(c, 'tags');
      await write([follow]);
      await r.kick();
    });
    await write([changed(c)]);
    await r.start(kafka);
    const t0 = Date.now();
    await r.kick();
    expect(await eventually(unpublished, (n) => n === 0, 10_000)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(follow).toBeDefined();
  });

  describe('subscriber errors', () => {
    const fast: Partial<RelayOptions> = { retry: { initialMs: 100, maxMs: 400 }, fatalRetryMs: 1500, kickWaitMs: 5000 };

    test('an OperationalError rolls the batch back (nothing sent) and it is retried with backoff until it goes through', async () => {
      const topics = await topicsFor('operational');
      const c = await customer();
      let calls = 0;
      const r = relay(ds, { topicNames: topics, ...fast });
      r.subscribe('flaky', ['customer.changed'], async () => {
        calls += 1;
        if (calls <= 2) throw new OperationalError('connectionFailed', 'the dependency is down for now');
      });
      const seen = await consume([topics.crmEvents]);
      const events = [changed(c), changed(c), changed(c)];
      await write(events);
      await r.start(kafka);
      expect(await eventually(unpublished, (n) => n === 0, 10_000)).toBe(0);
      expect(calls).toBe(3);
      await eventually(
        async () => seen.length,
        (n) => n >= 3,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The failed attempts sent nothing: subscribers run before the send, and the batch rolled back.
      expect(seen.map((s) => JSON.parse(s.value).eventId)).toEqual(events.map((e) => e.eventId));
      expect(lines.filter((l) => l.code === 'connectionFailed' && l.subscriber === 'flaky').map((l) => [l.level, l.attempt, l.retryInMs])).toEqual([
        [40, 1, 75],
        [40, 2, 150],
      ]);
      expect(r.problem()).toBeNull();
    });

    test('a UserError skips the event it is about for that subscriber only (logged with the event id); everything else is delivered and sent', async () => {
      const topics = await topicsFor('user');
      const c = await customer();
      const events = [changed(c), changed(c), changed(c)];
      const poisoned = events[1]!.eventId;
      const picky: string[] = [];
      const other: string[] = [];
      const r = relay(ds, { topicNames: topics, ...fast });
      r.subscribe('picky', ['customer.changed'], async (batch) => {
        if (batch.some((e) => e.eventId === poisoned)) throw new UserError('invalidInput', 'this event cannot be handled');
        picky.push(...batch.map((e) => e.eventId));
      });
      r.subscribe('other', ['customer.changed'], async (batch) => void other.push(...batch.map((e) => e.eventId)));
      const seen = await consume([topics.crmEvents]);
      await write(events);
      await r.connect(kafka);
      expect(await r.drain()).toEqual({ published: 3, standby: false });
      expect(picky).toEqual([events[0]!.eventId, events[2]!.eventId]);
      expect(other).toEqual(events.map((e) => e.eventId));
      expect(lines.filter((l) => l.subscriber === 'picky' && l.level === 40).map((l) => [l.eventId, l.error])).toEqual([
        [poisoned, { kind: 'user', code: 'invalidInput', message: 'this event cannot be handled' }],
      ]);
      await eventually(
        async () => seen.length,
        (n) => n >= 3,
      );
      expect(seen).toHaveLength(3);
    });

    test('a FatalError (or any unrecognised error) stalls the relay: nothing is sent, it is reported, and it resumes once the cause is gone', async () => {
      const topics = await topicsFor('fatal');
      const c = await customer();
      let broken: Error | null = new FatalError('brokenInvariant', 'a bug in the subscriber');
      const r = relay(ds, { topicNames: topics, ...fast });
      r.subscribe('buggy', ['customer.changed'], async () => {
        if (broken) throw broken;
      });
      const seen = await consume([topics.crmEvents]);
      const events = [changed(c), changed(c)];
      await write(events);
      await r.start(kafka);
      expect(
        await eventually(
          async () => r.problem(),
          (p) => p !== null,
          5000,
        ),
      ).toMatch(new RegExp(`^stalled at subscriber buggy on events ${events[0]!.eventId} … ${events[1]!.eventId} \\(2\\): brokenInvariant: a bug in the subscriber$`));
      expect((await outboxRelayStalled.get()).values[0]?.value).toBe(1);
      const loud = lines.find((l) => l.level === 50 && l.subscriber === 'buggy');
      expect(loud).toMatchObject({ code: 'brokenInvariant', eventIds: events.map((e) => e.eventId), msg: expect.stringMatching(/^DOMAIN-EVENT RELAY STALLED/) });
      // Kicks and sweeps do not hammer it; it waits fatalRetryMs between attempts.
      await r.kick();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await unpublished()).toBe(2);
      expect(seen).toEqual([]);

      broken = new TypeError("Cannot read properties of undefined (reading 'x')");
      await eventually(
        async () => lines.filter((l) => l.level === 50 && l.code === 'unexpected').length,
        (n) => n >= 1,
        5000,
      );
      expect(r.problem()).toMatch(/: unexpected: unexpected error \(TypeError\)$/);
      expect(await unpublished()).toBe(2);

      broken = null;
      expect(await eventually(unpublished, (n) => n === 0, 5000)).toBe(0);
      // The pass clears its problem just after the batch's transaction commits: wait for it, do not race it.
      expect(
        await eventually(
          async () => r.problem(),
          (p) => p === null,
          5000,
        ),
      ).toBeNull();
      expect((await outboxRelayStalled.get()).values[0]?.value).toBe(0);
      await eventually(
        async () => seen.length,
        (n) => n >= 2,
      );
      expect(seen.map((s) => JSON.parse(s.value).eventId)).toEqual(events.map((e) => e.eventId));
    });

    test('a row that no longer fits the catalogue stalls the relay instead of vanishing', async () => {
      const topics = await topicsFor('corrupt');
      const c = await customer();
      const event = changed(c);
      await write([event]);
      await ds.query("UPDATE domain_event SET body = JSON_SET(body, '$.payload.customerId', -1) WHERE event_id = ?", [event.eventId]);
      try {
        const r = relay(ds, { topicNames: topics });
        await r.connect(kafka);
        await expect(r.drain()).rejects.toMatchObject({ kind: 'fatal', code: 'invalidStoredDomainEvent', message: expect.stringMatching(/payload\.customerId/) });
        expect(r.problem()).toMatch(/^stalled at read/);
        expect(await unpublished()).toBe(1);
      } finally {
        await ds.query('DELETE FROM domain_event WHERE event_id = ?', [event.eventId]);
      }
    });
  });

  test('a Kafka outage leaves the rows unpublished; they go out, in order, once the broker is back', async () => {
    const port = testEnv.kafkaPort + 250;
    let broker: RunningKafka | null = await startKafka({ port, freshData: true, heapMb: 256, topics: [] });
    const outageKafka = new Kafka({
      clientId: 'outbox-outage-test',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      retry: { initialRetryTime: 100, retries: 2 },
    });
    try {
      const names = { crmEvents: 'outage-crm', segmentEvents: 'outage-seg', journeyEvents: 'outage-jny', messageEvents: 'outage-msg' };
      await ensureTopics(
        outageKafka,
        Object.values(names).map((name) => ({ name, partitions: 3 })),
      );
      const c = await customer();
      const r = relay(ds, { topicNames: names, sweepEveryMs: 200, retry: { initialMs: 200, maxMs: 1000 }, sendTimeoutMs: 10_000 });
      await r.start(outageKafka);
      const before = [changed(c), changed(c)];
      await write(before);
      await r.kick();
      expect(await eventually(unpublished, (n) => n === 0)).toBe(0);

      await broker.stop();
      broker = null;
      const during = [changed(c), changed(c), changed(c)];
      await write(during);
      await r.kick();
      // The relay keeps failing (operational, backing off) and the rows stay in the outbox.
      await eventually(
        async () => lines.filter((l) => l.stage === 'kafka' && l.level === 40).length,
        (n) => n >= 3,
        60_000,
      );
      // Operational (a broker that went away is an outage, not a bug): backoff, never a stall.
      expect(lines.filter((l) => l.stage === 'kafka').every((l) => l.level === 40 && ['kafkaUnavailable', 'kafkaTimeout', 'connectionFailed'].includes(l.code))).toBe(true);
      expect(await unpublished()).toBe(3);
      await collectOutboxBacklog(ds);
      expect((await outboxBacklog.get()).values[0]?.value).toBe(3);

      broker = await startKafka({ port, freshData: false, heapMb: 256, topics: [] });
      expect(await eventually(unpublished, (n) => n === 0, 60_000)).toBe(0);
      expect(r.problem()).toBeNull();
      const seen = await consume([names.crmEvents], outageKafka);
      await eventually(
        async () => seen.length,
        (n) => n >= 5,
        30_000,
      );
      const sent = seen.map((s) => JSON.parse(s.value).eventId);
      expect([...new Set(sent)]).toEqual([...before, ...during].map((e) => e.eventId));
      expect(
        inOrderPerCustomer(
          seen.filter((s, i) => sent.indexOf(sent[i]!) === i),
          await idsOf(),
        ),
      ).toBe(true);
    } finally {
      for (const relayOfTest of relays.splice(0)) await relayOfTest.stop();
      for (const consumer of consumers.splice(0)) await consumer.disconnect();
      await broker?.stop();
      // Whatever happened, the next tests start from an empty outbox.
      await ds.query('UPDATE domain_event SET published_at = NOW(3) WHERE published_at IS NULL');
    }
  }, 180_000);
});

describe('housekeeping and metrics', () => {
  test('published rows older than the retention period are purged; recent and unpublished ones stay', async () => {
    await ds.query('UPDATE domain_event SET published_at = NOW(3) WHERE published_at IS NULL');
    const c = await customer();
    const [old, recent, pending] = [changed(c), changed(c), changed(c)];
    await write([old!, recent!, pending!]);
    const now = new Date('2030-06-10T00:00:00Z');
    await ds.query('UPDATE domain_event SET published_at = ? WHERE event_id = ?', [new Date('2030-06-02T23:59:59Z'), old!.eventId]);
    await ds.query('UPDATE domain_event SET published_at = ? WHERE event_id = ?', [new Date('2030-06-03T00:00:01Z'), recent!.eventId]);
    await ds.query('UPDATE domain_event SET occurred_at = ? WHERE event_id = ?', [new Date('2030-06-09T23:00:00Z'), pending!.eventId]);
    const left = async () => (await ds.query('SELECT event_id FROM domain_event WHERE customer_no = ? ORDER BY id', [c.no])).map((r: { event_id: string }) => r.event_id);
    expect(await purgePublishedEvents(ds, now, 7, 1)).toBeGreaterThanOrEqual(1);
    expect(await left()).toEqual([recent!.eventId, pending!.eventId]);
    await collectOutboxBacklog(ds, now);
    expect((await outboxBacklog.get()).values[0]?.value).toBe(1);
    await ds.query('DELETE FROM domain_event WHERE customer_no = ?', [c.no]);
  });
});

describe('migration', () => {
  test('transitions the old relay had not sent become segment events on the spine, with the same Kafka message', async () => {
    const name = `${testEnv.dbName}_outbox_mig`;
    const admin = await createConnection(dbServer());
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const upTo = migrations.findIndex((m) => m.name === 'DomainEventOutbox1733000200000');
    const scratch = (count: number) =>
      new DataSource({
        type: 'mysql',
        ...{ host: dbServer().host, port: dbServer().port, username: dbServer().user, password: dbServer().password },
        database: name,
        timezone: 'Z',
        bigNumberStrings: true,
        supportBigNumbers: true,
        migrations: migrations.slice(0, count),
      });
    let old = scratch(upTo);
    try {
      await old.initialize();
      await old.runMigrations({ transaction: 'each' });
      await old.query("INSERT INTO customer (id, customer_no, name, status) VALUES (7, 'C0000007', 'x', 'ACTIVE'), (8, 'C0000008', 'y', 'ACTIVE')");
      await old.query("INSERT INTO segment (id, name, status) VALUES (3, '펀드 관심 고객', 'PUBLISHED')");
      await old.query("INSERT INTO segment_version (id, segment_id, version, definition, published_at) VALUES (12, 3, 2, '{}', NOW(3))");
      await old.query(`INSERT INTO segment_transition (id, segment_id, version_id, customer_id, kind, cause, occurred_at, published_at) VALUES
        (1, 3, 12, 7, 'ENTERED', 'PUBLISH', '2026-03-02 01:00:00.500', NOW(3)),
        (2, 3, 12, 8, 'ENTERED', 'EVENT', '2026-03-02 01:00:00.500', NULL),
        (3, 3, 12, 7, 'EXITED', 'REFRESH', '2026-03-02 01:00:01.007', NULL)`);
      await old.destroy();
      old = scratch(upTo + 1);
      await old.initialize();
      await old.runMigrations({ transaction: 'each' });
      const rows: Array<{ event_id: string; body: unknown; published_at: Date | null }> = await old.query('SELECT event_id, body, published_at FROM domain_event ORDER BY id');
      const events = rows.map((r) => parseDomainEvent(typeof r.body === 'string' ? JSON.parse(r.body) : r.body));
      expect(events.every((e) => e.ok)).toBe(true);
      expect(rows.map((r, i) => (events[i] as { event: DomainEvent }).event.eventId === r.event_id && r.published_at === null)).toEqual([true, true]);
      const messages = events.map((e) => JSON.stringify(toSegmentKafkaMessage((e as { event: Parameters<typeof toSegmentKafkaMessage>[0] }).event)));
      expect(messages).toEqual([
        JSON.stringify(
          toSegmentEvent(
            { id: '2', segment_id: 3, version_id: 12, customer_id: 8, kind: 'ENTERED', cause: 'EVENT', occurred_at: new Date('2026-03-02T01:00:00.500Z') },
            'C0000008',
            { name: '펀드 관심 고객', version: 2 },
          ),
        ),
        JSON.stringify(
          toSegmentEvent(
            { id: '3', segment_id: 3, version_id: 12, customer_id: 7, kind: 'EXITED', cause: 'REFRESH', occurred_at: new Date('2026-03-02T01:00:01.007Z') },
            'C0000007',
            { name: '펀드 관심 고객', version: 2 },
          ),
        ),
      ]);
      expect(await old.query("SHOW COLUMNS FROM segment_transition LIKE 'published_at'")).toEqual([]);
    } finally {
      if (old.isInitialized) await old.destroy();
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    }
  });
});
