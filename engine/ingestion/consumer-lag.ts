import type { Admin } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import { kafkaConsumerLag } from '../observability/metrics.js';

export interface PartitionEnd {
  partition: number;
  low: string;
  high: string;
}
export interface PartitionCommit {
  partition: number;
  offset: string;
}

/**
 * Lag per partition: messages between the group's committed offset and the
 * end of the partition. Without a commit the group starts from the beginning
 * (the consumer subscribes fromBeginning), so everything retained counts. Pure.
 */
export function lagPerPartition(ends: PartitionEnd[], committed: PartitionCommit[]): Map<number, number> {
  const lag = new Map<number, number>();
  for (const end of ends) {
    const c = committed.find((p) => p.partition === end.partition);
    const from = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(end.low);
    lag.set(end.partition, Math.max(0, Number(end.high) - from));
  }
  return lag;
}

/**
 * Refreshes `kafka_consumer_lag` from the broker every `everyMs`, from the
 * group's committed offsets, so the lag keeps growing on the dashboard while
 * the consumer is down or stuck — the batch handler only reports it while
 * batches succeed.
 */
export function startLagReporter(opts: { admin: Admin; groupId: string; topic: string; everyMs: number; logger: Logger }): { refresh(): Promise<void>; stop(): void } {
  const refresh = async () => {
    try {
      const [ends, offsets] = await Promise.all([opts.admin.fetchTopicOffsets(opts.topic), opts.admin.fetchOffsets({ groupId: opts.groupId, topics: [opts.topic] })]);
      const committed = offsets.find((t) => t.topic === opts.topic)?.partitions ?? [];
      for (const [partition, lag] of lagPerPartition(ends, committed)) {
        kafkaConsumerLag.set({ topic: opts.topic, partition: String(partition) }, lag);
      }
    } catch (err) {
      // The broker may be the very thing that is down; the last figures stay, and the next tick tries again.
      opts.logger.debug({ err }, 'consumer lag not refreshed');
    }
  };
  const timer = setInterval(() => void refresh(), opts.everyMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
