import type Queue from 'bull';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger.js';
import { queueDepth } from '../observability/metrics.js';
import { runAsActor, systemActor } from '../context/request-context.js';
import { createQueueFactory } from './queue-factory.js';
import type { CustomerService } from '../../resources/customer/customer.service.js';
import { runHousekeeping, type HousekeepingResult } from './housekeeping/housekeeping.processor.js';
import type { SegmentService } from '../../resources/segment/segment.service.js';
import { refreshPublishedSegments, type SegmentRefreshSummary } from './segments/segment-refresh.processor.js';

export const queueNames = { housekeeping: 'housekeeping', segments: 'segment-refresh' } as const;

export interface RunningWorkers {
  queues: { housekeeping: Queue.Queue<Record<string, never>>; segments: Queue.Queue<Record<string, never>> };
  /** Refreshes the queue-depth gauge; called by /metrics. */
  collectDepths(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wraps a processor with the logging and actor context every job shares, so
 * processors stay thin (no logging boilerplate pasted into each processor).
 */
function processorFor<T, R>(name: string, logger: Logger, fn: (job: Queue.Job<T>) => Promise<R>) {
  return async (job: Queue.Job<T>): Promise<R> => {
    const started = Date.now();
    try {
      const result = await runAsActor({ ...systemActor, email: `system:${name}` }, () => fn(job));
      logger.info({ queue: name, jobId: job.id, ms: Date.now() - started, result }, 'job done');
      return result;
    } catch (err) {
      logger.error({ queue: name, jobId: job.id, err }, 'job failed');
      throw err;
    }
  };
}

/**
 * One repeatable job, whatever the number of processes (Bull keys repeats by
 * name and every), plus one run at start so a restart does not wait a period.
 */
async function scheduleEvery(queue: Queue.Queue<Record<string, never>>, jobId: string, minutes: number): Promise<void> {
  const every = minutes * 60_000;
  for (const r of await queue.getRepeatableJobs()) {
    if (r.every !== every) await queue.removeRepeatableByKey(r.key);
  }
  await queue.add({}, { repeat: { every }, jobId, removeOnComplete: 100, removeOnFail: 500 });
  await queue.add({}, { removeOnComplete: 100, removeOnFail: 500 });
}

export async function startWorkers(deps: {
  ds: DataSource;
  logger: Logger;
  redisUrl: string;
  prefix: string;
  housekeepingEveryMinutes: number;
  /** Anonymisation of withdrawn customers after their retention period. */
  retention?: { customers: CustomerService; days: number };
  /** Days published domain events stay in the outbox (OUTBOX_RETENTION_DAYS). Default 7. */
  outboxRetentionDays?: number;
  /** Full recomputation of published segments on a schedule (windows slide, attributes change). */
  segments?: { service: SegmentService; refreshEveryMinutes: number };
}): Promise<RunningWorkers> {
  const { ds, logger } = deps;
  const factory = createQueueFactory(deps.redisUrl, deps.prefix);
  const housekeeping = factory.create<Record<string, never>>(queueNames.housekeeping);
  housekeeping.process(
    processorFor<Record<string, never>, HousekeepingResult>('housekeeping', logger, () => runHousekeeping(ds, new Date(), deps.retention, deps.outboxRetentionDays)),
  );

  await scheduleEvery(housekeeping, 'housekeeping', deps.housekeepingEveryMinutes);

  const segments = factory.create<Record<string, never>>(queueNames.segments);
  if (deps.segments) {
    const { service, refreshEveryMinutes } = deps.segments;
    segments.process(
      processorFor<Record<string, never>, SegmentRefreshSummary>('segment-refresh', logger, () =>
        refreshPublishedSegments(service, new Date(), (segmentId, err) => logger.error({ err, segmentId }, 'segment refresh failed')),
      ),
    );
    await scheduleEvery(segments, 'segment-refresh', refreshEveryMinutes);
  }

  const queues = { housekeeping, segments };
  return {
    queues,
    async collectDepths() {
      for (const [name, q] of Object.entries(queues)) {
        const counts = await q.getJobCounts();
        for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: name, state }, n);
      }
    },
    async stop() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await factory.close();
    },
  };
}
