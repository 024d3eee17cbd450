/**
 * `npm run bench:journeys`: the journey engine at bank scale, on this machine
 * with every service local. Prints its figures; never a timed unit test.
 *
 *   --phase=all|waiting|throughput   (default all)
 *   --waiting=1000000                instances waiting on a delay
 *   --steady=2000                    wake-ups falling due per second (lag phase)
 *   --rate=2000 --seconds=60         events per second produced to Kafka (throughput phase)
 *
 * Uses its own database (bank_crm_journey_bench, dropped and recreated) and
 * its own Redis queue prefix. Targets (issue "journey engine"): >= 2,000
 * events/s for 60 s end to end, p99 event -> message queued < 1 s at 1,000/s;
 * 1M waiting with Redis < 100 MB; >= 5,000 wake-ups/s; wake lag p99 < 2 s.
 */
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { connectDatabase, runMigrations } from '../../engine/db/data-source.js';
import { ensureBenchCustomers } from './journeys/bench-journey-data.js';
import { waitingPhase, type WaitingFigures } from './journeys/waiting-phase.js';
import { throughputPhase, type ThroughputFigures } from './journeys/throughput-phase.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const phase = arg('phase', 'all');
const waiting = Number(arg('waiting', '1000000'));
const steady = Number(arg('steady', '2000'));
const rate = Number(arg('rate', '2000'));
const seconds = Number(arg('seconds', '60'));
const log = (l: string) => process.stdout.write(`[bench:journeys] ${l}\n`);

const db = { host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root', password: process.env.DB_PASSWORD ?? '' };
const database = process.env.BENCH_DB_NAME ?? 'bank_crm_journey_bench';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bankcrm-jbench-${process.pid}`;

async function main(): Promise<void> {
  const conn = await createConnection(db);
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.end();
  const ds = await connectDatabase({ ...db, database });
  await runMigrations(ds);
  const redis = new Redis(redisUrl);
  const results: { waiting?: WaitingFigures; throughput?: ThroughputFigures[] } = {};
  try {
    const customers = await ensureBenchCustomers(ds, 50_000, log);
    // Waiting first: the throughput phase leaves its queued sends in MariaDB and Redis (no channel worker
    // drains them yet), and a later engine's reconciler would rightly put them on its own queues, which
    // would blur the "Redis whatever the number waiting" figure.
    if (phase === 'all' || phase === 'waiting') results.waiting = await waitingPhase(ds, redis, redisUrl, `${prefix}-w`, customers, waiting, steady, log);
    if (phase === 'all' || phase === 'throughput') results.throughput = await throughputPhase({ ds, redis, redisUrl, prefix: `${prefix}-t`, customers, rate, seconds, log });
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    redis.disconnect();
    await ds.destroy();
  }
  log('');
  log('figure                                              measured      target');
  const row = (name: string, value: string, target: string) => log(`${name.padEnd(52)}${value.padStart(10)}   ${target}`);
  for (const t of results.throughput ?? []) {
    row(`events/s end to end (offered ${t.offeredRate}/s, ${t.seconds} s)`, t.eventsPerSecond.toFixed(0), t.offeredRate >= 2000 ? '>= 2,000' : '');
    row(`  p50 / p99 event -> message queued (ms)`, `${t.p50Ms.toFixed(0)} / ${t.p99Ms.toFixed(0)}`, t.offeredRate <= 1000 ? 'p99 < 1,000' : '');
    row(`  messages queued / events produced`, `${t.messages}/${t.produced}`, 'equal');
  }
  const w = results.waiting;
  if (w) {
    row(`Redis used memory, ${w.waiting} waiting (MB)`, w.redisWhileWaitingMb.toFixed(1), `< 100 (before writing them: ${w.redisBeforeMb.toFixed(1)})`);
    row('Redis peak while all fall due (MB)', w.redisPeakDuringWakeMb.toFixed(1), '< 100');
    row(`wake-ups/s, ${w.waiting} due at once`, w.wakeupsPerSecond.toFixed(0), '>= 5,000');
    row(`wake lag p50 / p99 / max at ${w.steadyRatePerSecond}/s (ms)`, `${w.lagP50Ms.toFixed(0)} / ${w.lagP99Ms.toFixed(0)} / ${w.lagMaxMs.toFixed(0)}`, 'p99 < 2,000');
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
