import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { startWorkers, type RunningWorkers } from '../engine/queues/workers.js';
import { createLogger } from '../engine/observability/logger.js';
import { registry } from '../engine/observability/metrics.js';
import { testEnv } from './support/test-env.js';
import { dbServer } from './support/db.js';

/**
 * The housekeeping job on real Redis (a queue prefix of its own, so the
 * running platform's worker does not take the jobs) against the test database.
 */
let ds: DataSource;
let workers: RunningWorkers;
const prefix = `bankcrm-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
  workers = await startWorkers({ ds, logger: createLogger('silent'), redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, housekeepingEveryMinutes: 60 });
  // Let the run the workers start with finish, so the tests' own job is the one that cleans.
  for (let i = 0; i < 100; i++) {
    const c = await workers.queues.housekeeping.getJobCounts();
    if (c.waiting + c.active === 0 && c.completed > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  const q = workers.queues.housekeeping;
  await q.obliterate({ force: true });
  await workers.stop();
  await ds.destroy();
});

test('the housekeeping job deletes expired sessions and keeps live ones', async () => {
  const now = Math.floor(Date.now() / 1000);
  const expired = `expired-${randomUUID()}`;
  const live = `live-${randomUUID()}`;
  await ds.query('INSERT INTO sessions (session_id, expires, data) VALUES (?, ?, ?), (?, ?, ?)', [expired, now - 60, '{}', live, now + 3600, '{}']);
  const job = await workers.queues.housekeeping.add({});
  const result = await job.finished();
  expect(result.expiredSessions).toBeGreaterThanOrEqual(1);
  const rows: Array<{ session_id: string }> = await ds.query('SELECT session_id FROM sessions WHERE session_id IN (?, ?)', [expired, live]);
  expect(rows.map((r) => r.session_id)).toEqual([live]);
  await ds.query('DELETE FROM sessions WHERE session_id = ?', [live]);
});

test('a single repeatable housekeeping schedule exists, even after the workers start again', async () => {
  const again = await startWorkers({ ds, logger: createLogger('silent'), redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, housekeepingEveryMinutes: 30 });
  try {
    const repeats = await again.queues.housekeeping.getRepeatableJobs();
    expect(repeats.map((r) => r.every)).toEqual([30 * 60_000]);
  } finally {
    await again.stop();
  }
});

test('queue depths are exported as Prometheus gauges', async () => {
  await workers.collectDepths();
  const text = await registry.metrics();
  expect(text).toMatch(/bull_queue_jobs\{queue="housekeeping",state="completed"\} [1-9]/);
});
