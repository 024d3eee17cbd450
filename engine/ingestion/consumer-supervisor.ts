import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import { describeError, type IngestionHealth } from './ingestion-health.js';
import { consumerRestarts } from './ingestion-metrics.js';

/** Upper bounds (ms) of the steps of a (re)start; a step that takes longer is abandoned. */
export interface StepTimeouts {
  /** Disconnecting the crashed consumer (or, at stop, the running one). */
  disconnect: number;
  /** `beforeStart`: the DLQ topic, producer and limit. */
  prepare: number;
  /** Connecting and subscribing the new consumer. */
  connect: number;
  /** `consumer.run()`: finding the coordinator and joining the group (a rebalance may take a session timeout). */
  join: number;
  /** Joined, but no heartbeat nor fetch for this long: the consumer is dead without having said so. */
  silence: number;
}

export const defaultStepTimeouts: StepTimeouts = {
  disconnect: 10_000,
  prepare: 45_000,
  connect: 15_000,
  join: 90_000,
  // Longer than a session timeout (30 s, after which the broker has dropped the member anyway)
  // plus a rebalance (JoinGroup may wait up to the 60 s rebalance timeout for the other members).
  silence: 120_000,
};

export interface SupervisorOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  health: IngestionHealth;
  eachBatch: (payload: EachBatchPayload) => Promise<void>;
  /** Runs before every start and restart (e.g. a fresh DLQ producer); a failure counts as a crash. */
  beforeStart: () => Promise<void>;
  /** Called at every crash, before the backoff (e.g. to read the lag from the broker at once). */
  onCrash?: () => void;
  /** First restart delay, doubled per consecutive crash up to maxMs. */
  backoff: { initialMs: number; maxMs: number };
  timeouts?: Partial<StepTimeouts>;
}

/** Delay before the restart that follows `consecutiveCrashes` crashes in a row (0 for the first). Pure. */
export function restartDelay(consecutiveCrashes: number, backoff: { initialMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(consecutiveCrashes, 30));
}

/** Whether a joined consumer has been silent (no heartbeat, no fetch) for too long. Pure. */
export function isSilent(lastSignOfLifeAt: number | null, now: number, silenceMs: number): boolean {
  return lastSignOfLifeAt !== null && now - lastSignOfLifeAt > silenceMs;
}

export class StepTimeoutError extends Error {
  constructor(
    readonly step: string,
    readonly ms: number,
  ) {
    super(`${step} did not finish within ${ms} ms`);
    this.name = 'StepTimeoutError';
  }
}

/**
 * `promise`, or a StepTimeoutError after `ms`. The promise is not cancelled
 * (KafkaJS offers no way to), only no longer waited for; its late rejection
 * is swallowed so it cannot become an unhandled rejection.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeoutError(step, ms)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
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
 *
 * The restart path itself must never hang, or ingestion stops for good with
 * nothing in the log (it did: after a deleted DLQ topic, a replacement never
 * came back). KafkaJS has awaits without an end of their own — a disconnect
 * waits for every in-flight request of its connections, a join for the
 * group — so every step is bounded (`StepTimeouts`): a disconnect that hangs
 * is abandoned, and any other step that fails or hangs counts as a crash and
 * is retried with the backoff. An abandoned consumer that wakes up later is
 * refused its batches and its events are ignored. Each attempt is logged at
 * warn level. KafkaJS reports a crash only after its own disconnect, so a
 * watchdog also replaces a joined consumer that has stopped heartbeating and
 * fetching without a word.
 */
export class ConsumerSupervisor {
  private consumer: Consumer | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private consecutiveCrashes = 0;
  private attempts = 0;
  /** When the current consumer last heartbeated, fetched or joined; null until it has joined. */
  private lastSignOfLifeAt: number | null = null;
  private stopping = false;
  private readonly timeouts: StepTimeouts;

  constructor(private readonly opts: SupervisorOptions) {
    this.timeouts = { ...defaultStepTimeouts, ...opts.timeouts };
  }

  async start(): Promise<void> {
    const everyMs = Math.max(1000, Math.min(10_000, this.timeouts.silence / 4));
    this.watchdog = setInterval(() => this.checkSilence(), everyMs);
    this.watchdog.unref();
    await this.launch();
  }

  /** A batch went through: the next crash starts the backoff from the beginning again. */
  recovered(): void {
    this.consecutiveCrashes = 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.restartTimer = null;
    this.watchdog = null;
    if (this.consumer) await this.disconnect(this.consumer, 'disconnecting the consumer at stop');
    this.opts.health.setState('stopped', 'the consumer was stopped');
  }

  /** Creates, connects and joins a new consumer; any failure or hang of a step is a crash (and so retried). */
  private async launch(): Promise<boolean> {
    if (this.stopping) return false;
    const { kafka, groupId, topic, health } = this.opts;
    const t = this.timeouts;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 250,
      // Errors KafkaJS deems retriable are retried in place a few times (about 10 s); then, or at
      // once for any other error, the consumer crashes and is replaced.
      retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    this.lastSignOfLifeAt = null;
    const current = () => consumer === this.consumer && !this.stopping;
    const alive = () => {
      if (current() && this.lastSignOfLifeAt !== null) this.lastSignOfLifeAt = Date.now();
    };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (!current()) return;
      this.lastSignOfLifeAt = Date.now();
      const partitions = Object.entries(payload.memberAssignment).flatMap(([tp, ps]) => ps.map((p) => `${tp}/${p}`));
      health.assigned(partitions);
      health.setState('consuming', `in group ${groupId} with ${partitions.length} partition(s)`);
    });
    consumer.on(consumer.events.HEARTBEAT, alive);
    consumer.on(consumer.events.FETCH_START, alive);
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload.error));
    // A replaced consumer whose disconnect was abandoned may still get a partition for a moment:
    // it must not store or dead-letter anything the current consumer is handling too.
    const eachBatch = async (payload: EachBatchPayload) => {
      if (!current()) throw new Error('this ingestion consumer was replaced; its batch is left to the current one');
      await this.opts.eachBatch(payload);
    };
    try {
      await withTimeout(this.opts.beforeStart(), t.prepare, 'preparing the start (DLQ topic, producer, limit)');
      if (!current()) return false;
      await withTimeout(consumer.connect(), t.connect, 'connecting the consumer');
      await withTimeout(consumer.subscribe({ topic, fromBeginning: true }), t.connect, `subscribing to ${topic}`);
      if (!current()) return false;
      // Resolves once the group is joined; a failure to join is reported as a CRASH event instead.
      await withTimeout(
        // Partitions are handled side by side (one customer's events stay on one partition, so in order):
        // a slow batch on one partition no longer holds back the others' latency.
        consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 3, eachBatch }),
        t.join,
        `joining consumer group ${groupId}`,
      );
      return current();
    } catch (err) {
      this.crashed(consumer, err);
      return false;
    }
  }

  private crashed(consumer: Consumer, err: unknown): void {
    if (this.stopping || consumer !== this.consumer || this.restartTimer) return;
    const delay = restartDelay(this.consecutiveCrashes, this.opts.backoff);
    this.consecutiveCrashes++;
    this.lastSignOfLifeAt = null;
    consumerRestarts.inc();
    this.opts.onCrash?.();
    this.opts.health.setState('restarting', `the consumer crashed (${describeError(err)}); restarting in ${delay} ms`);
    this.opts.logger.error({ err, delayMs: delay }, 'ingestion consumer crashed; replacing it');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.restart(consumer).catch((e: unknown) => {
        // launch() handles its own failures; this is only a last line of defence against a bug here.
        this.opts.logger.error({ err: e }, 'ingestion consumer restart failed unexpectedly; retrying');
        if (consumer === this.consumer) this.crashed(consumer, e);
        else if (this.consumer) this.crashed(this.consumer, e);
      });
    }, delay);
  }

  private async restart(crashed: Consumer): Promise<void> {
    if (this.stopping) return;
    const attempt = ++this.attempts;
    const { logger } = this.opts;
    logger.warn({ attempt, consecutiveCrashes: this.consecutiveCrashes }, 'ingestion consumer restart: disconnecting the crashed consumer');
    await this.disconnect(crashed, 'disconnecting the crashed consumer');
    logger.warn({ attempt }, 'ingestion consumer restart: starting a new consumer');
    if (await this.launch()) logger.warn({ attempt }, 'ingestion consumer restart: the new consumer has joined its group');
    else if (!this.stopping) logger.warn({ attempt }, 'ingestion consumer restart: the new consumer did not start; retrying after the backoff');
  }

  /** Bounded disconnect: one that hangs is abandoned (its sockets are left to KafkaJS), never waited for. */
  private async disconnect(consumer: Consumer, step: string): Promise<void> {
    try {
      await withTimeout(consumer.disconnect(), this.timeouts.disconnect, step);
    } catch (err) {
      this.opts.logger.warn({ err }, `${step} failed or hung; abandoning it`);
    }
  }

  private checkSilence(): void {
    const consumer = this.consumer;
    if (!consumer || this.stopping || this.restartTimer) return;
    if (!isSilent(this.lastSignOfLifeAt, Date.now(), this.timeouts.silence)) return;
    this.crashed(consumer, new Error(`no heartbeat nor fetch for ${this.timeouts.silence} ms although in the group`));
  }
}
