import { spawn } from 'node:child_process';
import type { Connection } from 'mysql2/promise';
import { queries, testDb } from './support/db.js';
import { testBrokers, testEnv } from './support/test-env.js';
import { eventually } from './support/ingestion-probe.js';
import { welcomeSeriesJourney } from '../engine/definitions/journey/journey-examples.js';

/**
 * `npm run demo:events` against the suite's broker and the running
 * platform: what it sends is stored by ingestion, and the sign-ups start
 * the seeded welcome journey, whose first block queues a push per new user.
 */
let db: Connection;
const { one } = queries(() => db);

beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.end();
});

function runScript(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-events.ts', ...args], {
      env: { ...process.env, DB_NAME: testEnv.dbName, KAFKA_BROKERS: testBrokers().join(','), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** "sent 60 events to customer-events at ...: app.signup 41, app.login 15, product.view 4" → counts by type. */
function sentByType(stdout: string): { total: number; byType: Record<string, number> } {
  const m = /sent (\d+) events to \S+ at \S+ in [\d.]+ s: (.*)$/m.exec(stdout);
  if (!m) throw new Error(`no final line in:\n${stdout}`);
  return {
    total: Number(m[1]),
    byType: Object.fromEntries(
      m[2]!.split(', ').map((part) => {
        const [type, n] = part.split(' ');
        return [type!, Number(n)];
      }),
    ),
  };
}

test('--scenario=signup: every event is stored, and each new app user enters the welcome journey with a queued welcome push', async () => {
  const welcome = await one<{ id: number }>('SELECT id FROM journey WHERE name = ?', [welcomeSeriesJourney().name]);
  expect(welcome).toBeDefined();
  const since = (await one<{ t: Date }>('SELECT UTC_TIMESTAMP(3) - INTERVAL 1 SECOND AS t')).t;

  const run = await runScript(['--count=60', '--rate=200', '--scenario=signup', '--seed=20261201']);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const sent = sentByType(run.stdout);
  expect(sent.total).toBe(60);
  expect(Object.values(sent.byType).reduce((a, b) => a + b, 0)).toBe(60);
  const signups = sent.byType['app.signup'] ?? 0;
  expect(signups).toBeGreaterThanOrEqual(30);
  expect(Object.keys(sent.byType).sort()).toEqual(expect.arrayContaining(['app.signup']));

  // Ingestion stored all of them (each type as many as sent), the sign-ups for distinct customers.
  const stored = async () =>
    Number((await one<{ n: number }>('SELECT COUNT(*) n FROM behaviour_event WHERE occurred_at >= ? AND type IN (?)', [since, Object.keys(sent.byType)])).n);
  expect(await eventually(stored, (n) => n >= 60, 30_000)).toBe(60);
  for (const [type, n] of Object.entries(sent.byType)) {
    expect([type, Number((await one<{ n: number }>('SELECT COUNT(*) n FROM behaviour_event WHERE occurred_at >= ? AND type = ?', [since, type])).n)]).toEqual([type, n]);
  }
  const signedUp = await one<{ n: number; customers: number; mobile: number }>(
    "SELECT COUNT(*) n, COUNT(DISTINCT customer_id) customers, SUM(JSON_VALUE(properties, '$.channel') = 'mobile-app') mobile FROM behaviour_event WHERE occurred_at >= ? AND type = 'app.signup'",
    [since],
  );
  expect([Number(signedUp.n), Number(signedUp.customers), Number(signedUp.mobile)]).toEqual([signups, signups, signups]);

  // One welcome instance per new user, each with its push at 'welcome-push', which the platform's push worker then
  // judges: sent to the customer's app, or suppressed with a reason (e.g. no registered app) — never left queued.
  const started = async () => {
    const r = await one<{ instances: number; pushes: number; judged: number }>(
      `SELECT COUNT(DISTINCT i.id) instances, COUNT(m.id) pushes, SUM(m.status IN ('SENT', 'DELIVERED', 'SUPPRESSED')) judged FROM journey_instance i
         LEFT JOIN message m ON m.instance_id = i.id AND m.node_id = 'welcome-push' AND m.channel = 'push'
        WHERE i.journey_id = ? AND i.entered_at >= ? AND i.entry_kind = 'event'`,
      [welcome.id, since],
    );
    return { instances: Number(r.instances), pushes: Number(r.pushes), judged: Number(r.judged ?? 0) };
  };
  expect(await eventually(started, (s) => s.instances >= signups && s.judged >= signups, 30_000)).toEqual({ instances: signups, pushes: signups, judged: signups });
  // The new users are the ones who signed up, and they now wait a day for the follow-up.
  const waiting = await one<{ n: number }>(
    `SELECT COUNT(*) n FROM journey_instance i JOIN behaviour_event e ON e.customer_id = i.customer_id AND e.type = 'app.signup' AND e.occurred_at >= ?
      WHERE i.journey_id = ? AND i.entered_at >= ? AND i.active = 1 AND i.node_id = 'wait-1d'`,
    [since, welcome.id, since],
  );
  expect(Number(waiting.n)).toBe(signups);
}, 120_000);

test('without a broker it says to run npm start first, in one line, and exits 1', async () => {
  const run = await runScript(['--count=5'], { KAFKA_BROKERS: '127.0.0.1:1' });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/no Kafka broker answers at 127\.0\.0\.1:1: run `npm start` first/)]);
}, 30_000);
