import type Queue from 'bull';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger.js';
import { queueDepth } from '../observability/metrics.js';
import { runAsActor, systemActor } from '../context/request-context.js';
import { createQueueFactory } from './queue-factory.js';
import type { CustomerService } from '../../resources/customer/customer.service.js';
import { runHousekeeping, type HousekeepingResult } from './housekeeping/housekeeping.processor.js';

export const queueNames = { housekeeping: 'housekeeping' } as const;

export interface RunningWorkers {
  queues: { housekeeping: Queue.Queue<Record<string, never>> };
  /** Refreshes the queue-depth gauge; called by /metrics. */
  collectDepths(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wraps a processor with the logging and actor context every job shares, so
 * processors stay thin (STYLE.md: no logging boilerplate per processor).
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

export async function startWorkers(deps: {
  ds: DataSource;
  logger: Logger;
  redisUrl: string;
  prefix: string;
  housekeepingEveryMinutes: number;
  /** Anonymisation of withdrawn customers after their retention period. */
  retention?: { customers: CustomerService; days: number };
}): Promise<RunningWorkers> {
  const { ds, logger } = deps;
  const factory = createQueueFactory(deps.redisUrl, deps.prefix);
  const housekeeping = factory.create<Record<string, never>>(queueNames.housekeeping);
  housekeeping.process(processorFor<Record<string, never>, HousekeepingResult>('housekeeping', logger, () => runHousekeeping(ds, new Date(), deps.retention)));

  // One repeatable job, whatever the number of processes: Bull keys repeats by name and cron/every.
  const every = deps.housekeepingEveryMinutes * 60_000;
  for (const r of await housekeeping.getRepeatableJobs()) {
    if (r.every !== every) await housekeeping.removeRepeatableByKey(r.key);
  }
  await housekeeping.add({}, { repeat: { every }, jobId: 'housekeeping', removeOnComplete: 100, removeOnFail: 500 });
  // Also once at start, so a restart cleans up without waiting a full period.
  await housekeeping.add({}, { removeOnComplete: 100, removeOnFail: 500 });

  const queues = { housekeeping };
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
