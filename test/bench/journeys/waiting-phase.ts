import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { startJourneyEngine } from '../../../engine/journeys/runtime/journey-engine.js';
import { appendToOutbox } from '../../../engine/outbox/append-to-outbox.js';
import { createLogger } from '../../../engine/observability/logger.js';
import { insertWaitingInstances, percentile, publishBenchJourney } from './bench-journey-data.js';

export interface WaitingFigures {
  waiting: number;
  redisBeforeMb: number;
  redisWhileWaitingMb: number;
  redisPeakDuringWakeMb: number;
  wakeSeconds: number;
  wakeupsPerSecond: number;
  steadyRatePerSecond: number;
  steadyCount: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

const mb = async (redis: Redis) => {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 1024 / 1024;
};

const waitThenExit = (eventType: string) => ({
  version: 1 as const,
  entry: { type: 'event' as const, eventType, where: [] },
  nodes: [
    { id: 'start', type: 'start' as const, next: 'wait' },
    { id: 'wait', type: 'waitDuration' as const, duration: 'PT1M', next: 'end' },
    { id: 'end', type: 'exit' as const },
  ],
});

/**
 * 1. `waiting` instances (spread over journeys so each customer has one
 *    running instance per journey) wait on a duration block; the engine runs
 *    with a clock before their due time: Redis must stay flat.
 * 2. The clock jumps past the due time: all fall due at once; wake-ups per
 *    second until none is left, and Redis's peak meanwhile.
 * 3. Steady load on the real clock: `steadyRate` instances fall due per
 *    second for 30 s; wake-up lag = processed - due, p50/p99.
 */
export async function waitingPhase(
  ds: DataSource,
  redis: Redis,
  redisUrl: string,
  prefix: string,
  customers: Array<{ id: number; customerNo: string }>,
  waiting: number,
  steadyRate: number,
  log: (l: string) => void,
): Promise<WaitingFigures> {
  const journeyCount = Math.ceil(waiting / customers.length);
  const journeys = [];
  for (let j = 0; j < journeyCount; j++) journeys.push(await publishBenchJourney(ds, `bench-wait-${j}`, waitThenExit(`bench.wait.${j}`)));
  const redisBeforeMb = await mb(redis);
  const t0 = Date.parse('2026-12-01T00:00:00Z');
  let clock = t0;
  const engine = await startJourneyEngine({
    ds,
    redisUrl,
    queuePrefix: prefix,
    logger: createLogger('warn'),
    appendEvents: (tx, ev) => appendToOutbox(tx, ev),
    kickOutbox: () => undefined,
    webhook: { allowedHosts: [], secret: 'bench', timeoutMs: 1000, attempts: 1, backoffMs: 100 },
    workers: true,
    now: () => new Date(clock),
    // The platform's defaults unless the environment says otherwise (for trying settings).
    ...(process.env.BENCH_WAKE_CONCURRENCY ? { wakeConcurrency: Number(process.env.BENCH_WAKE_CONCURRENCY) } : {}),
    ...(process.env.BENCH_WAKE_BATCH ? { wake: { batchSize: Number(process.env.BENCH_WAKE_BATCH) } } : {}),
  });
  try {
    log(`writing ${waiting} waiting instances over ${journeyCount} journeys`);
    await insertWaitingInstances(
      ds,
      journeys,
      customers,
      waiting,
      'wait',
      () => t0 - 60_000,
      () => t0 + 86_400_000,
      log,
    );
    // Let the scheduler and reconciler run a few passes over the full table.
    await new Promise((r) => setTimeout(r, 3000));
    const redisWhileWaitingMb = await mb(redis);
    log(`Redis used memory: ${redisBeforeMb.toFixed(1)} MB before, ${redisWhileWaitingMb.toFixed(1)} MB with ${waiting} waiting`);

    let peak = redisWhileWaitingMb;
    const sampler = setInterval(
      () =>
        void mb(redis).then((m) => {
          peak = Math.max(peak, m);
        }),
      250,
    );
    const wakeStart = Date.now();
    clock = t0 + 86_400_000 + 1000;
    const ids = journeys.map((j) => j.journeyId);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM journey_instance WHERE active = 1 AND journey_id IN (?)', [ids]);
      const left = Number(n);
      log(`  ${waiting - left} woken, ${left} left (${((Date.now() - wakeStart) / 1000).toFixed(0)} s)`);
      if (left === 0) break;
    }
    const wakeSeconds = (Date.now() - wakeStart) / 1000;
    clearInterval(sampler);
    log(`all ${waiting} woken in ${wakeSeconds.toFixed(1)} s; Redis peak ${peak.toFixed(1)} MB`);

    // Steady load on the real clock.
    const steadyCount = steadyRate * 30;
    const steadyJourneys = [];
    for (let j = 0; j < Math.ceil(steadyCount / customers.length); j++) steadyJourneys.push(await publishBenchJourney(ds, `bench-steady-${j}`, waitThenExit(`bench.steady.${j}`)));
    const startAt = Date.now() + 15_000;
    clock = Date.now();
    const tick = setInterval(() => {
      clock = Date.now();
    }, 5);
    log(`steady: ${steadyCount} instances falling due at ${steadyRate}/s for 30 s`);
    await insertWaitingInstances(
      ds,
      steadyJourneys,
      customers,
      steadyCount,
      'wait',
      (i) => startAt + Math.floor((i * 1000) / steadyRate) - 60_000,
      (i) => startAt + Math.floor((i * 1000) / steadyRate),
      log,
    );
    const sids = steadyJourneys.map((j) => j.journeyId);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM journey_instance WHERE active = 1 AND journey_id IN (?)', [sids]);
      if (Number(n) === 0) break;
    }
    clearInterval(tick);
    const rows: Array<{ lag: number }> = await ds.query(
      'SELECT TIMESTAMPDIFF(MICROSECOND, entered_at, ended_at) / 1000 - 60000 AS lag FROM journey_instance WHERE journey_id IN (?)',
      [sids],
    );
    const lags = rows.map((r) => Number(r.lag)).sort((a, b) => a - b);
    return {
      waiting,
      redisBeforeMb,
      redisWhileWaitingMb,
      redisPeakDuringWakeMb: peak,
      wakeSeconds,
      wakeupsPerSecond: waiting / wakeSeconds,
      steadyRatePerSecond: steadyRate,
      steadyCount,
      lagP50Ms: percentile(lags, 50),
      lagP99Ms: percentile(lags, 99),
      lagMaxMs: lags[lags.length - 1],
    };
  } finally {
    await engine.stop();
  }
}
