import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { startWorkers, type RunningWorkers } from '../engine/queues/workers.js';
import { createLogger } from '../engine/observability/logger.js';
import { createDomainServices, type DomainServices } from '../resources/domain-services.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { testEnv } from './support/test-env.js';
import { dbServer } from './support/db.js';
import { stamp } from './support/unique.js';

/**
 * The scheduled full refresh on real Redis (a queue prefix of its own) and
 * the test database: data changed behind the services' back (a bulk import,
 * a window that slid) is settled by the `segment-refresh` job, with the
 * transitions written for Kafka.
 */
let ds: DataSource;
let services: DomainServices;
let workers: RunningWorkers;
const prefix = `bankcrm-test-${randomUUID().slice(0, 8)}`;
const tag = `r${stamp()}`;

beforeAll(async () => {
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  services = createDomainServices(ds, new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')));
  workers = await startWorkers({
    ds,
    logger: createLogger('silent'),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix,
    housekeepingEveryMinutes: 60,
    segments: { service: services.segments, refreshEveryMinutes: 7 },
  });
});
afterAll(async () => {
  await workers.queues.segments.obliterate({ force: true });
  await workers.queues.housekeeping.obliterate({ force: true });
  await workers.stop();
  await ds.destroy();
});

const addCustomer = async (region: string) => {
  const res = await ds.query("INSERT INTO customer (customer_no, name, status, region, tags) VALUES (?, '리프레시', 'ACTIVE', ?, ?)", [`R${stamp()}`, region, tag]);
  return Number(res.insertId);
};

test('the refresh job settles membership changed behind the services, and records the transitions', async () => {
  const x = await addCustomer('BUSAN');
  const saved = await services.segments.saveSegment(null, { name: `refresh-${tag}` });
  if (!saved.ok) throw new Error(saved.message);
  const id = saved.entity.id;
  const published = await services.segments.publish(
    id,
    {
      definition: {
        schemaVersion: 1,
        root: {
          type: 'and',
          children: [
            { type: 'attribute', field: 'tags', op: 'hasAny', values: [tag] },
            { type: 'attribute', field: 'region', op: 'in', values: ['BUSAN'] },
          ],
        },
      },
    },
    new Date(),
  );
  expect(published).toMatchObject({ ok: true, memberCount: 1 });

  // A bulk import moves X to Seoul and brings Y in Busan, without going through the services.
  await ds.query("UPDATE customer SET region = 'SEOUL' WHERE id = ?", [x]);
  const y = await addCustomer('BUSAN');
  const members = async () => (await ds.query('SELECT customer_id FROM segment_membership WHERE segment_id = ?', [id])).map((r: { customer_id: number }) => Number(r.customer_id));
  expect(await members()).toEqual([x]);

  const job = await workers.queues.segments.add({});
  const result = await job.finished();
  expect(result.segments).toBeGreaterThanOrEqual(1);
  expect(await members()).toEqual([y]);
  const transitions = await ds.query('SELECT customer_id, kind, cause FROM segment_transition WHERE segment_id = ? ORDER BY id', [id]);
  expect(transitions.map((t: { customer_id: number; kind: string; cause: string }) => [Number(t.customer_id), t.kind, t.cause])).toEqual([
    [x, 'ENTERED', 'PUBLISH'],
    [y, 'ENTERED', 'REFRESH'],
    [x, 'EXITED', 'REFRESH'],
  ]);
  const [seg] = await ds.query('SELECT member_count FROM segment WHERE id = ?', [id]);
  expect(Number(seg.member_count)).toBe(1);
});

test('one repeatable refresh schedule at the configured period', async () => {
  const repeats = await workers.queues.segments.getRepeatableJobs();
  expect(repeats.map((r) => r.every)).toEqual([7 * 60_000]);
});
