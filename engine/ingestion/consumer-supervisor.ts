import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import { describeError, type IngestionHealth } from './ingestion-health.js';
import { consumerRestarts } from './ingestion-metrics.js';

export interface SupervisorOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  health: IngestionHealth;
  eachBatch: (payload: EachBatchPayload) => Promise<void>;
  /** Runs before every start and restart (e.g. a fresh DLQ producer); a failure counts as a crash. */
  beforeStart: () => Promise<void>;
  /** First restart delay, doubled per consecutive crash up to maxMs. */
  backoff: { initialMs: number; maxMs: number };
}

/**
 * Keeps one KafkaJS consumer running, whatever happens to it.
 *
 * KafkaJS restarts a crashed consumer only for errors it deems retriable: a
 * broker refusal such as MESSAGE_TOO_LARGE, or a TypeError thrown from the
 * batch handler, leaves it disconnected for good while the process looks
 * healthy. So KafkaJS's own restart is turned off (`restartOnFailure`) and
 * every crash — whatever its cause, `restart` true or false — is handled here
 * the same way: the consumer is replaced by a new one after a backoff, and
 * the health says "restarting" until the new one has joined its group. The
 * batch that failed was not committed, so it is read again.
 */
export class ConsumerSupervisor {
  private consumer: Consumer | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private consecutiveCrashes = 0;
  private stopping = false;

  constructor(private readonly opts: SupervisorOptions) {}

  async start(): Promise<void> {
    await this.launch();
  }

  /** A batch went through: the next crash starts the backoff from the beginning again. */
  recovered(): void {
    this.consecutiveCrashes = 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    await this.consumer?.disconnect();
    this.opts.health.setState('stopped', 'the consumer was stopped');
  }

  private async launch(): Promise<void> {
    if (this.stopping) return;
    const { kafka, groupId, topic, health } = this.opts;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 250,
      // A failing batch is retried in place a few times (about 10 s), then the consumer crashes and is replaced.
      retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (consumer !== this.consumer) return;
      const partitions = Object.entries(payload.memberAssignment).flatMap(([t, ps]) => ps.map((p) => `${t}/${p}`));
      health.assigned(partitions);
      health.setState('consuming', `in group ${groupId} with ${partitions.length} partition(s)`);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload.error));
    try {
      await this.opts.beforeStart();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      // Resolves once the group is joined; a failure to join is reported as a CRASH event instead.
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: this.opts.eachBatch });
    } catch (err) {
      this.crashed(consumer, err);
    }
  }

  private crashed(consumer: Consumer, err: unknown): void {
    if (this.stopping || consumer !== this.consumer || this.restartTimer) return;
    const delay = Math.min(this.opts.backoff.maxMs, this.opts.backoff.initialMs * 2 ** this.consecutiveCrashes);
    this.consecutiveCrashes++;
    consumerRestarts.inc();
    this.opts.health.setState('restarting', `the consumer crashed (${describeError(err)}); restarting in ${delay} ms`);
    this.opts.logger.error({ err, delayMs: delay }, 'ingestion consumer crashed; replacing it');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void (async () => {
        await consumer.disconnect().catch(() => undefined);
        await this.launch();
      })();
    }, delay);
  }
}
