import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import type Queue from 'bull';
import type { Logger } from '../../observability/logger.js';
import { createQueueFactory } from '../../queues/queue-factory.js';
import { runAsActor, systemActor } from '../../context/request-context.js';
import type { DomainEvent } from '../../definitions/domain-events/domain-event.schema.js';
import type { Queryable } from '../../segments/customer-facts.js';
import { JourneyCatalogue } from './journey-catalogue.js';
import { createJourneyQueues, type JourneyQueues, type WakeJob } from './journey-queues.js';
import { JourneyRuntime } from './journey-runtime.js';
import { defaultWakeOptions, WakeScheduler, type WakeSchedulerOptions } from './wake-scheduler.js';
import { defaultReconcilerOptions, Reconciler, type ReconcilerOptions } from './reconciler.js';
import { webhookProcessor, type WebhookSettings } from './webhook-worker.js';
import { registerSchedules, scheduleProcessor } from './journey-schedules.js';
import { koreanHolidayCalendar } from './korean-holidays.js';
import { journeyMetrics } from './journey-metrics.js';
import { queueDepth } from '../../observability/metrics.js';
import type { WebhookJob } from './advance.js';

export interface JourneyEngineOptions {
  ds: DataSource;
  redisUrl: string;
  queuePrefix: string;
  logger: Logger;
  appendEvents: (tx: Queryable, events: DomainEvent[]) => Promise<void>;
  kickOutbox: () => void;
  webhook: WebhookSettings & { backoffMs: number };
  /** Closures the bank declares beyond the public holidays (YYYY-MM-DD). */
  extraHolidays?: string[];
  /** Run the scheduler, the reconciler and the wake/webhook/schedule workers here (the engine process). */
  workers: boolean;
  wakeConcurrency?: number;
  wake?: Partial<WakeSchedulerOptions>;
  reconciler?: Partial<ReconcilerOptions>;
  now?: () => Date;
}

export interface JourneyEngine {
  runtime: JourneyRuntime;
  catalogue: JourneyCatalogue;
  queues: JourneyQueues;
  scheduler: WakeScheduler | null;
  reconciler: Reconciler | null;
  /** What the journey service calls after a lifecycle change (see resources/journey/journey-runtime.port.ts). */
  port: {
    lifecycleChanged(journeyId: number): Promise<void>;
    archived(journeyId: number): Promise<number>;
    startForApi(journeyId: number, customer: { id: number; customerNo: string }, entryKey: string): Promise<{ instanceId: string | null; started: boolean; reason?: string }>;
  };
  /** Queue depths and instance gauges, for /metrics. */
  collectMetrics(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the journey runtime of one process. Every process that handles
 * events or serves the API gets a runtime; the one running `workers` also
 * runs the wake scheduler, the reconciler (once at start, then
 * periodically) and the queue workers.
 */
export async function startJourneyEngine(o: JourneyEngineOptions): Promise<JourneyEngine> {
  const now = o.now ?? (() => new Date());
  const factory = createQueueFactory(o.redisUrl, o.queuePrefix);
  const queues = createJourneyQueues(factory);
  const catalogue = new JourneyCatalogue(o.ds);
  const runtime = new JourneyRuntime({
    ds: o.ds,
    catalogue,
    queues,
    logger: o.logger,
    isHoliday: koreanHolidayCalendar(o.extraHolidays),
    appendEvents: o.appendEvents,
    kickOutbox: o.kickOutbox,
    now,
    webhookRetry: { attempts: o.webhook.attempts, backoffMs: o.webhook.backoffMs },
  });
  const register = () => registerSchedules(queues, catalogue, now());
  let scheduler: WakeScheduler | null = null;
  let reconciler: Reconciler | null = null;
  let redis: Redis | null = null;

  if (o.workers) {
    const asJob =
      <T, R>(name: string, fn: (job: Queue.Job<T>) => Promise<R>) =>
      (job: Queue.Job<T>) =>
        runAsActor({ ...systemActor, email: `system:${name}` }, () => fn(job));
    queues.wake.process(
      o.wakeConcurrency ?? 4,
      asJob<WakeJob, unknown>('journey-wake', (job) => runtime.wake(job.data.ids)),
    );
    queues.webhook.process(4, asJob<WebhookJob, string>('journey-webhook', webhookProcessor(o.ds, runtime, catalogue, o.webhook, now)));
    queues.schedule.process(1, asJob('journey-schedule', scheduleProcessor(o.ds, runtime, catalogue, o.logger)));
    for (const [name, q] of queues.all()) q.on('failed', (job, err) => o.logger.error({ queue: name, jobId: job.id, err }, 'journey job failed'));

    redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
    reconciler = new Reconciler(o.ds, redis, `${o.queuePrefix}:journeys:epoch`, queues, runtime, catalogue, register, o.logger, now, {
      ...defaultReconcilerOptions,
      ...o.reconciler,
    });
    await reconciler.runOnce();
    await register();
    reconciler.start();
    scheduler = new WakeScheduler(o.ds, queues, catalogue, o.logger, now, { ...defaultWakeOptions, ...o.wake });
    scheduler.start();
  }

  const port: JourneyEngine['port'] = {
    async lifecycleChanged() {
      catalogue.invalidate();
      if (o.workers) await register();
    },
    async archived(journeyId) {
      catalogue.invalidate();
      if (o.workers) await register();
      return runtime.archiveInstances(journeyId);
    },
    async startForApi(journeyId, customer, entryKey) {
      catalogue.invalidate();
      const journey = (await catalogue.journeys()).find((j) => j.journeyId === journeyId);
      if (!journey || journey.status !== 'PUBLISHED') return { instanceId: null, started: false, reason: 'notPublished' };
      if (journey.version.definition.entry.type !== 'api') return { instanceId: null, started: false, reason: 'notApiEntry' };
      const r = await runtime.startFor(journey, [{ customerId: customer.id, customerNo: customer.customerNo, entryKey }], 'api');
      const id = r.started.get(customer.id);
      if (id) return { instanceId: id, started: true };
      const rows: Array<{ id: string }> = await o.ds.query('SELECT id FROM journey_instance WHERE journey_id = ? AND entry_key = ?', [journeyId, entryKey]);
      return { instanceId: rows[0] ? String(rows[0].id) : null, started: false, reason: rows[0] ? 'replayed' : (Object.keys(r.skipped)[0] ?? 'skipped') };
    },
  };

  return {
    runtime,
    catalogue,
    queues,
    scheduler,
    reconciler,
    port,
    async collectMetrics() {
      await journeyMetrics.collect(o.ds);
      // The journey and channel queues' depths, next to the other Bull queues' (bull_queue_jobs).
      for (const [name, q] of queues.all()) {
        const counts = await q.getJobCounts();
        for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: name, state }, n);
      }
    },
    async stop() {
      await scheduler?.stop();
      await reconciler?.stop();
      await queues.close();
      await factory.close();
      redis?.disconnect();
    },
  };
}
