import type { DataSource } from 'typeorm';
import { parseSegmentDefinition, type SegmentNode } from '../engine/definitions/segment/segment-definition.schema.js';
import { planSegment } from '../engine/segments/segment-plan.js';
import { liveCount } from '../engine/segments/live-count.js';
import { audienceIndex, planToQuery } from '../engine/segments/plan-to-sql.js';
import { audienceScopeSql } from '../engine/segments/audience-scope.js';
import { createScratchDb } from './support/scratch-db.js';
import { testEnv } from './support/test-env.js';

/**
 * "An expensive definition is allowed but its live count is bounded in time
 * and says so": on a scratch database with enough events to make a
 * deliberately heavy definition slow, the live count gives up at its budget
 * (MariaDB max_statement_time) and answers timedOut, while a cheap
 * definition on the same data still gets its exact count and sample.
 */
const dbName = `${testEnv.dbName}_segslow`;
const now = new Date();
let ds: DataSource;
const customers = 20_000;
const events = 300_000;

beforeAll(async () => {
  ds = await createScratchDb(dbName);
  // MariaDB's sequence engine makes the rows without a round trip each.
  await ds.query(
    `INSERT INTO customer (customer_no, name, status, region, tags) SELECT CONCAT('L', LPAD(seq, 7, '0')), '느린고객', 'ACTIVE',
       ELT(1 + seq % 3, 'SEOUL', 'BUSAN', 'JEJU'), IF(seq % 10 = 0, 'vip', '') FROM seq_1_to_${customers}`,
  );
  await ds.query(
    `INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source)
     SELECT CONCAT('slow-', seq), 1 + seq % ${customers}, CONCAT('L', LPAD(1 + seq % ${customers}, 7, '0')), 'app.login',
            ? - INTERVAL (seq % 20) DAY, JSON_OBJECT('amount', seq % 1000, 'channel', ELT(1 + seq % 2, 'app', 'web')), ?, 'test'
       FROM seq_1_to_${events}`,
    [now, now],
  );
}, 120_000);
afterAll(async () => {
  await ds?.destroy();
});

const planOf = (root: SegmentNode) => {
  const parsed = parseSegmentDefinition({ schemaVersion: 1, root });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const planned = planSegment(parsed.definition, { now, resolveSegment: () => undefined });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  return planned.plan;
};

test('a heavy definition is cut off at the time budget and says so', async () => {
  // Forty event counts, each over every event with a JSON property filter: seconds of work.
  const heavy = planOf({
    type: 'or',
    children: Array.from({ length: 40 }, (_, i) => ({
      type: 'event' as const,
      eventType: 'app.login',
      op: 'atLeast' as const,
      times: 3 + (i % 5),
      window: { kind: 'lastDays' as const, days: 30 },
      where: [
        { property: 'amount', op: 'gt' as const, value: i * 20 },
        { property: 'channel', op: 'eq' as const, value: 'app' },
      ],
    })),
  });
  const t0 = Date.now();
  const r = await liveCount(ds, heavy, { timeoutMs: 150, sampleSize: 5 });
  const took = Date.now() - t0;
  expect(r).toMatchObject({ count: null, exact: false, timedOut: true, sample: [] });
  // Bounded: the answer comes back soon after the budget, not after the seconds the query needs.
  expect(took).toBeLessThan(3000);
});

test('a cheap definition on the same data still gets its exact count and sample', async () => {
  const r = await liveCount(
    ds,
    planOf({
      type: 'and',
      children: [
        { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] },
        { type: 'attribute', field: 'tags', op: 'hasAny', values: ['vip'] },
      ],
    }),
    { timeoutMs: 2000, sampleSize: 3 },
  );
  // seq % 3 = 0 (SEOUL) and seq % 10 = 0 (vip): every 30th customer.
  expect(r).toMatchObject({ count: Math.floor(customers / 30), exact: true, timedOut: false });
  expect(r.sample.map((s) => s.customerNo)).toEqual(['L0000030', 'L0000060', 'L0000090']);
});

test('an event-driven count looks its candidates up in the narrow audience index, which the migration built as the planner expects', async () => {
  const columns = await ds.query(
    `SELECT column_name AS c FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = 'customer' AND index_name = ? ORDER BY seq_in_index`,
    [audienceIndex.name],
  );
  expect(columns.map((r: { c: string }) => r.c)).toEqual([...audienceIndex.columns]);

  const plan = planOf({
    type: 'and',
    children: [
      { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] },
      { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 }, where: [] },
    ],
  });
  const q = planToQuery(plan);
  const explained: Array<{ table: string; key: string | null; Extra: string }> = await ds.query(
    `EXPLAIN SELECT COUNT(*) FROM ${q.from} WHERE ${q.where} AND ${audienceScopeSql('c')}`,
    q.params,
  );
  expect(explained.find((r) => r.table === 'c')).toMatchObject({ key: audienceIndex.name, Extra: expect.stringContaining('Using index') });
  // Every customer logged in within the last 20 days; SEOUL is seq % 3 = 0.
  const r = await liveCount(ds, plan, { timeoutMs: 5000, sampleSize: 2 });
  expect(r).toMatchObject({ count: Math.floor(customers / 3), exact: true });
});
