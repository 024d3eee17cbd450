import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { ensureTopics } from '../engine/kafka/ensure-topics.js';
import { dbServer } from './support/db.js';
import { testBrokers, testEnv } from './support/test-env.js';
import { eventually, publishJourneyRows } from './support/journeys.js';
import { stamp } from './support/unique.js';

/**
 * Crash tests of the journey engine as a separate process (the ingestion
 * consumer with the journey handler, the scheduler, the reconciler and the
 * workers), under a real load through Kafka:
 *
 * 1. SIGKILL in the middle of the entries, restart: every event starts
 *    exactly one instance, no message row is doubled, every wait completes.
 * 2. FLUSHALL of Redis while messages are queued and again while wake-ups
 *    are in flight: every queued send is back on its Bull queue and every
 *    instance wakes, rebuilt from MariaDB.
 *
 * Redis here is a redis-server of the test's own (its own port), so the
 * FLUSHALL is real without wiping the suite's Redis.
 */
const customers = 1500;
const redisPort = 16390 + (process.pid % 1000);
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const topic = `crash-events-${randomUUID().slice(0, 6)}`;
const group = `crash-${randomUUID().slice(0, 6)}`;
const prefix = `crash-${randomUUID().slice(0, 6)}`;
let redisServer: ChildProcess;
let redis: Redis;
let ds: DataSource;
let producer: Producer;
let engine: ChildProcess | null = null;
const kafka = new Kafka({ clientId: 'crash-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });

function startEngine(): Promise<ChildProcess> {
  mkdirSync('test-results', { recursive: true });
  const out = createWriteStream(`test-results/journey-engine-${prefix}.log`, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/journey-engine-process.ts'], {
    env: {
      ...process.env,
      CRASH_DB_NAME: testEnv.dbName,
      CRASH_REDIS_URL: redisUrl,
      CRASH_QUEUE_PREFIX: prefix,
      CRASH_BROKERS: testBrokers().join(','),
      CRASH_GROUP: group,
      CRASH_TOPIC: topic,
      NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('engine process not ready in 60 s')), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('engine ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine process exited with ${code}`));
    });
  });
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    redisServer.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    redisServer.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`)));
  });
  redis = new Redis(redisUrl);
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  await ensureTopics(kafka, [
    { name: topic, partitions: 3 },
    { name: `${topic}.dlq`, partitions: 1 },
  ]);
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
});

afterAll(async () => {
  if (engine && engine.exitCode === null) await kill9(engine);
  await producer?.disconnect();
  redis?.disconnect();
  redisServer?.kill('SIGKILL');
  await ds?.destroy();
});

test('SIGKILL mid-load and FLUSHALL mid-run lose no instance and double no message', async () => {
  const type = `crash.signup.${stamp()}`;
  // Everyone waits until a wall-clock moment after the load, then gets a second message.
  const wakeAt = new Date(Date.now() + 35_000);
  const { journeyId } = await publishJourneyRows(ds, {
    version: 1,
    entry: { type: 'event', eventType: type, where: [] },
    nodes: [
      { id: 'start', type: 'start', next: 'welcome' },
      { id: 'welcome', type: 'sendMessage', channel: 'push', templateId: 1, next: 'later' },
      { id: 'later', type: 'waitUntil', until: { kind: 'dateTime', at: wakeAt.toISOString().replace('Z', '+00:00') }, next: 'again' },
      { id: 'again', type: 'sendMessage', channel: 'sms', templateId: 2, next: 'end' },
      { id: 'end', type: 'exit' },
    ],
  });
  const base = stamp();
  const rows = Array.from({ length: customers }, (_, i) => [`K${base}${String(i).padStart(4, '0')}`.slice(0, 20), '충돌시험', 'ACTIVE', 'SEOUL', 'LOW', '']);
  await ds.query('INSERT INTO customer (customer_no, name, status, region, risk_grade, tags) VALUES ?', [rows]);
  const numbers = rows.map((r) => r[0] as string);

  engine = await startEngine();
  const produce = async (from: number, to: number) => {
    for (let i = from; i < to; i += 100) {
      await producer.send({
        topic,
        acks: -1,
        messages: numbers
          .slice(i, Math.min(to, i + 100))
          .map((no) => ({ key: no, value: JSON.stringify({ eventId: `${type}-${no}`, customerNo: no, type, occurredAt: new Date().toISOString(), properties: {} }) })),
      });
    }
  };
  const count = async (sql: string): Promise<number> => Number((await ds.query(sql, [journeyId]))[0].n);
  const welcomes = () => count("SELECT COUNT(*) AS n FROM message WHERE journey_id = ? AND node_id = 'welcome'");

  // 1. Kill -9 once entries are under way (some committed, more in flight), then restart.
  // Produced at a steady pace (100 events every 150 ms), so the kill lands while the load is still arriving.
  let producing = true;
  const load = (async () => {
    for (let i = 0; i < customers; i += 100) {
      await produce(i, Math.min(customers, i + 100));
      await new Promise((r) => setTimeout(r, 150));
    }
    producing = false;
  })();
  await eventually(async () => ((await welcomes()) >= 200 ? true : undefined), 'the first entries');
  await kill9(engine);
  expect(producing).toBe(true); // the kill really happened mid-load
  await load;
  expect(await welcomes()).toBeLessThan(customers);
  // The same events again, as a producer retrying after a timeout would send them.
  await produce(0, 300);
  engine = await startEngine();
  await eventually(async () => ((await welcomes()) === customers ? true : undefined), 'every entry after the restart', 60_000);
  expect(await count('SELECT COUNT(*) AS n FROM journey_instance WHERE journey_id = ?')).toBe(customers);
  expect(await count('SELECT COUNT(*) AS n FROM (SELECT customer_id FROM journey_instance WHERE journey_id = ? GROUP BY customer_id HAVING COUNT(*) > 1) d')).toBe(0);

  // 2. FLUSHALL while the sends are queued: the reconciler puts every one back. Counted per message of
  // this journey (the job hash `<prefix>:send-push:m<id>`): the reconciler also re-enqueues other tests' queued messages.
  const ids: string[] = (await ds.query("SELECT id FROM message WHERE journey_id = ? AND node_id = 'welcome'", [journeyId])).map((r: { id: string }) => String(r.id));
  const queued = async () => {
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.exists(`${prefix}:send-push:m${id}`);
    const answers = (await pipeline.exec()) ?? [];
    return answers.filter(([, n]) => n === 1).length;
  };
  // Sends committed just before the kill but never enqueued are enqueued by the reconciler.
  await eventually(async () => ((await queued()) === customers ? true : undefined), 'every committed send to be on its queue', 30_000);
  expect(await redis.flushall()).toBe('OK');
  expect(await queued()).toBe(0);
  await eventually(async () => ((await queued()) === customers ? true : undefined), 'the queued sends to come back from MariaDB', 30_000);

  // 3. FLUSHALL again while the wake-ups are in flight.
  await eventually(
    async () => ((await count('SELECT COUNT(*) AS n FROM journey_instance WHERE journey_id = ? AND active IS NULL')) > 0 ? true : undefined),
    'the first wake-ups',
    60_000,
  );
  await redis.flushall();
  await eventually(
    async () => ((await count('SELECT COUNT(*) AS n FROM journey_instance WHERE journey_id = ? AND active = 1')) === 0 ? true : undefined),
    'every instance to wake and finish',
    60_000,
  );

  expect(await count("SELECT COUNT(*) AS n FROM journey_instance WHERE journey_id = ? AND end_reason = 'completed'")).toBe(customers);
  expect(await count('SELECT COUNT(*) AS n FROM message WHERE journey_id = ?')).toBe(2 * customers);
  expect(await count('SELECT COUNT(*) AS n FROM (SELECT instance_id FROM message WHERE journey_id = ? GROUP BY instance_id HAVING COUNT(*) <> 2) d')).toBe(0);
  expect(await count("SELECT COUNT(*) AS n FROM journey_step WHERE version_id IN (SELECT id FROM journey_version WHERE journey_id = ?) AND node_id = 'again'")).toBe(customers);
}, 240_000);
