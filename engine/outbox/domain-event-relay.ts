import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname } from 'node:os';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  defaultDomainTopicNames,
  describeProblems,
  kafkaRecordOf,
  parseDomainEvent,
  type DomainEvent,
  type DomainEventType,
  type DomainTopicNames,
} from '../definitions/domain-events/index.js';
import { FatalError } from '../errors/fatal.error.js';
import { OperationalError } from '../errors/operational.error.js';
import { retryDelayMs } from '../errors/retry-delay.js';
import { toTaxonomyError } from '../errors/classify-error.js';
import type { TaxonomyError } from '../errors/taxonomy-error.js';
import { runAsActor, systemActor } from '../context/request-context.js';
import type { Logger } from '../observability/logger.js';
import { outboxPublished, outboxRelayFailures, outboxRelayStalled, outboxSubscriberSkipped } from './outbox-metrics.js';
import type { OutboxKick } from './outbox-kick.js';

/**
 * An in-process subscriber: called with the events of a batch that have one
 * of its types, in outbox (id) order, so one customer's events arrive in the
 * order they were written. Delivery is AT LEAST ONCE (a batch rolled back
 * after the handler ran is delivered again), so handlers must be idempotent.
 * What it throws decides what happens (engine/errors):
 * - OperationalError (a dependency failed for now): the whole batch is rolled
 *   back and retried later with backoff (`retryDelayMs`); nothing after it is
 *   relayed meanwhile, so order is kept;
 * - UserError (this event is at fault): logged with the event id, counted,
 *   and skipped for this subscriber only (a multi-event call that fails so is
 *   repeated one event at a time to find which);
 * - FatalError, or anything unrecognised (a bug): the batch is rolled back,
 *   the relay stalls, logs it at error level and reports it (`problem()`,
 *   `outbox_relay_stalled`), and tries again only every `fatalRetryMs`.
 */
export type DomainEventHandler = (events: DomainEvent[]) => Promise<void>;

export interface RelayOptions {
  logger: Logger;
  /** Topic names by role (KAFKA_TOPIC_*). Default: defaultDomainTopicNames. */
  topicNames?: DomainTopicNames;
  /** Rows per batch (one transaction, one Kafka request). Default 500. */
  batchSize?: number;
  /** Period of the sweep that relays what no kick announced (another process's writes, a crash). Default 2 s; 0: no sweep. */
  sweepEveryMs?: number;
  /** Backoff of operational failures (Kafka or database down, a subscriber's dependency). Default 500 ms doubling to 30 s. */
  retry?: { initialMs: number; maxMs: number };
  /** After a fatal failure, how long before the stalled batch is tried again (an operator may have fixed the cause). Default 60 s. */
  fatalRetryMs?: number;
  /** Longest a caller of `kick()` waits for the pass it asked for. Default 3 s. */
  kickWaitMs?: number;
  /** When another process holds the relay lease, how soon to look again after a kick. Default 1 s. */
  standbyRetryMs?: number;
  /** A subscriber call taking longer fails the batch as an OperationalError `subscriberTimeout`. Default 60 s. */
  subscriberTimeoutMs?: number;
  /** A Kafka send taking longer fails the batch as an OperationalError `kafkaTimeout`. Default 45 s. */
  sendTimeoutMs?: number;
  /** Who relays, written on the lease row for operators. Default host:pid. */
  holder?: string;
  /** Jitter source of the backoff (tests pass a fixed one). Default Math.random. */
  random?: () => number;
}

export interface DrainResult {
  /** Events this call published. */
  published: number;
  /** Another process held the relay lease: this call relayed nothing (it is a standby). */
  standby: boolean;
}

type Stage = 'read' | 'subscriber' | 'kafka' | 'database';

/** A failure of one batch, with where it happened and which events it held (for the log). */
class BatchFailure extends Error {
  constructor(
    readonly error: TaxonomyError,
    readonly stage: Stage,
    readonly eventIds: string[],
    readonly subscriber?: string,
  ) {
    super(error.message, { cause: error });
  }
}

/** Set while a relay pass runs: a kick from inside a subscriber must not wait for the pass it is part of. */
const insidePass = new AsyncLocalStorage<true>();

const LEASE_ID = 1;
const subscriberName = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Relays the outbox (`domain_event`, written by `appendToOutbox` inside the
 * writers' transactions): claims unpublished rows in id order, runs the
 * in-process subscribers, produces the rows to Kafka (`kafkaRecordOf`: topic
 * by event type, key = customer number, acks -1, idempotent producer), and
 * marks them published — all inside ONE database transaction per batch, so a
 * failure anywhere rolls the batch back and it is relayed again
 * (at-least-once; Kafka consumers deduplicate on the message's eventId).
 *
 * ONE RELAY AT A TIME, THROUGH A LEASE ROW. Each batch's transaction first
 * locks the single `domain_event_relay` row with FOR UPDATE SKIP LOCKED;
 * a process that finds it locked is a standby for that pass and relays
 * nothing. Claiming the outbox rows themselves with SKIP LOCKED (as the old
 * segment relay did) lets two processes send disjoint batches at the same
 * time: a customer's event in the later batch could reach Kafka, and the
 * subscribers, before an earlier one (and after a rollback of the earlier
 * batch, certainly would). With the lease, batches go strictly one after
 * another in id order, whichever process sends them; nothing expires or
 * needs a clock: the lease is the row lock of an open transaction, so a
 * process that dies releases it with its connection, and the next sweep of
 * any standby takes over. One relay's throughput is the price (see README).
 *
 * Subscribers run before the Kafka send: their effects (segment
 * re-evaluation after a staff write) do not wait for the broker, and both
 * orders are at-least-once. Per-customer order holds because every writer
 * appends its events after locking the row its change is about, so two
 * dependent writes get their ids in commit order; rows of concurrent,
 * independent writes may commit out of id order and are then relayed in
 * commit order instead (they have no order to keep).
 */
export class DomainEventRelay implements OutboxKick {
  private readonly logger: Logger;
  private readonly names: DomainTopicNames;
  private readonly batchSize: number;
  private readonly sweepEveryMs: number;
  private readonly retry: { initialMs: number; maxMs: number };
  private readonly fatalRetryMs: number;
  private readonly kickWaitMs: number;
  private readonly standbyRetryMs: number;
  private readonly subscriberTimeoutMs: number;
  private readonly sendTimeoutMs: number;
  private readonly holder: string;
  private readonly random: () => number;
  private readonly subscriptions: Array<{ name: string; types: ReadonlySet<DomainEventType>; handler: DomainEventHandler }> = [];

  private kafka: Kafka | null = null;
  private producer: Producer | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private standbyTimer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  /** Callers waiting for the next pass to end. */
  private waiters: Array<() => void> = [];
  private stopped = false;
  private failures = 0;
  private stalled: string | null = null;
  private failing: string | null = null;

  constructor(
    private readonly ds: DataSource,
    opts: RelayOptions,
  ) {
    this.logger = opts.logger;
    this.names = opts.topicNames ?? defaultDomainTopicNames;
    this.batchSize = opts.batchSize ?? 500;
    this.sweepEveryMs = opts.sweepEveryMs ?? 2000;
    this.retry = opts.retry ?? { initialMs: 500, maxMs: 30_000 };
    this.fatalRetryMs = opts.fatalRetryMs ?? 60_000;
    this.kickWaitMs = opts.kickWaitMs ?? 3000;
    this.standbyRetryMs = opts.standbyRetryMs ?? 1000;
    this.subscriberTimeoutMs = opts.subscriberTimeoutMs ?? 60_000;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 45_000;
    this.holder = (opts.holder ?? `${hostname()}:${process.pid}`).slice(0, 200);
    this.random = opts.random ?? Math.random;
  }

  /**
   * Registers an in-process subscriber (see DomainEventHandler for the
   * contract). `name` (kebab-case, unique) names it in logs and metrics and
   * is the actor of what it writes (`system:<name>`).
   */
  subscribe(name: string, types: readonly DomainEventType[], handler: DomainEventHandler): void {
    if (!subscriberName.test(name)) throw new FatalError('invalidSubscriber', `subscriber name "${name}" must be kebab-case`);
    if (this.subscriptions.some((s) => s.name === name)) throw new FatalError('invalidSubscriber', `subscriber "${name}" is registered already`);
    if (types.length === 0) throw new FatalError('invalidSubscriber', `subscriber "${name}" names no event type`);
    this.subscriptions.push({ name, types: new Set(types), handler });
  }

  /** Uses `kafka` for sending (the producer connects on the first batch). For `drain()` without the sweep. */
  async connect(kafka: Kafka): Promise<void> {
    this.kafka = kafka;
    // The lease row is created by the migration; recreated if an operator deleted it (else every process would be a standby forever).
    await this.ds.query('INSERT IGNORE INTO domain_event_relay (id) VALUES (?)', [LEASE_ID]);
  }

  /** Connects, starts the periodic sweep and relays what is pending (rows written before the start, e.g. by the seed). */
  async start(kafka: Kafka): Promise<void> {
    await this.connect(kafka);
    if (this.sweepEveryMs > 0) {
      this.sweep = setInterval(() => void this.kick(), this.sweepEveryMs);
      this.sweep.unref();
    }
    void this.kick();
  }

  /**
   * New rows were committed: relay now. Calls during a pass coalesce into
   * one more pass. Resolves (never rejects) when a pass that began after the
   * call has ended, or after `kickWaitMs`; at once when the relay is not
   * started, is backing off after a failure, or when called from inside a
   * subscriber (the pass it is part of picks its rows up next).
   */
  kick(): Promise<void> {
    if (!this.kafka || this.stopped) return Promise.resolve();
    if (insidePass.getStore()) {
      this.again = true;
      return Promise.resolve();
    }
    if (this.retryTimer) return Promise.resolve();
    const passed = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.running) this.again = true;
    else this.startPass();
    return boundedWait(passed, this.kickWaitMs);
  }

  /**
   * Relays everything unpublished now (batch after batch) and returns how
   * many events this call published; throws the batch's error (a
   * TaxonomyError) instead of backing off. For tests and tools; waits for a
   * pass in progress first.
   */
  async drain(): Promise<DrainResult> {
    if (!this.kafka) throw new FatalError('relayNotConnected', 'the relay has no Kafka client: call connect() or start() first');
    while (this.running) await this.running.catch(() => undefined);
    const run = this.passLoop();
    this.running = run;
    try {
      const result = await run;
      if (!result.standby) this.recovered();
      return result;
    } catch (err) {
      const f = err instanceof BatchFailure ? err : new BatchFailure(toTaxonomyError(err), 'database', []);
      this.failed(f, false);
      throw f.error;
    } finally {
      this.running = null;
      // Kicks that arrived meanwhile get their pass.
      if ((this.again || this.waiters.length > 0) && !this.stopped && !this.retryTimer) this.startPass();
    }
  }

  /** Null while relaying normally; otherwise what stopped it (a fatal error) or keeps failing (operational errors, 5+ in a row). */
  problem(): string | null {
    return this.stalled ?? this.failing;
  }

  /** Stops the sweep and retries, waits for a pass in progress, and disconnects the producer. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.sweep, this.retryTimer, this.standbyTimer]) if (t) clearTimeout(t);
    this.sweep = this.retryTimer = this.standbyTimer = null;
    this.again = false;
    await this.running?.catch(() => undefined);
    this.releaseWaiters();
    await this.dropProducer();
    outboxRelayStalled.set(0);
  }

  private startPass(): void {
    const waiting = this.waiters;
    this.waiters = [];
    this.again = false;
    this.running = this.runPass().finally(() => {
      for (const w of waiting) w();
      this.running = null;
      if ((this.again || this.waiters.length > 0) && !this.stopped && !this.retryTimer) this.startPass();
      else this.releaseWaiters();
    });
  }

  private releaseWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** One pass with the error policy: success resets the backoff; failures schedule the retry. */
  private async runPass(): Promise<void> {
    try {
      const { standby } = await this.passLoop();
      if (standby) this.lookAgainSoon();
      else this.recovered();
    } catch (err) {
      this.failed(err instanceof BatchFailure ? err : new BatchFailure(toTaxonomyError(err), 'database', []), true);
    }
  }

  private async passLoop(): Promise<DrainResult> {
    let published = 0;
    for (;;) {
      const r = await this.batch();
      if (r.standby) return { published, standby: true };
      published += r.published;
      if (r.published < this.batchSize) return { published, standby: false };
    }
  }

  /** One batch in one transaction: lease, rows, subscribers, Kafka, published marks. */
  private async batch(): Promise<{ published: number; standby: boolean }> {
    let eventIds: string[] = [];
    try {
      return await this.ds.transaction('READ COMMITTED', async (tx) => {
        const lease: unknown[] = await tx.query('SELECT id FROM domain_event_relay WHERE id = ? FOR UPDATE SKIP LOCKED', [LEASE_ID]);
        if (lease.length === 0) return { published: 0, standby: true };
        const rows: Array<{ id: string; event_id: string; body: unknown }> = await tx.query(
          `SELECT id, event_id, body FROM domain_event WHERE published_at IS NULL ORDER BY id LIMIT ${Number(this.batchSize)}`,
        );
        if (rows.length === 0) return { published: 0, standby: false };
        eventIds = rows.map((r) => r.event_id);
        const events = rows.map(readRow);
        await this.deliver(events);
        const topics = await this.produce(events);
        const now = new Date();
        await tx.query('UPDATE domain_event SET published_at = ? WHERE id IN (?)', [now, rows.map((r) => r.id)]);
        await tx.query('UPDATE domain_event_relay SET holder = ?, relayed_at = ? WHERE id = ?', [this.holder, now, LEASE_ID]);
        for (const [topic, n] of topics) outboxPublished.inc({ topic }, n);
        return { published: rows.length, standby: false };
      });
    } catch (err) {
      if (err instanceof BatchFailure) throw err;
      const e = toTaxonomyError(err);
      throw new BatchFailure(e, e.code === 'invalidStoredDomainEvent' ? 'read' : 'database', eventIds);
    }
  }

  private async deliver(events: DomainEvent[]): Promise<void> {
    const ids = events.map((e) => e.eventId);
    for (const sub of this.subscriptions) {
      const mine = events.filter((e) => sub.types.has(e.type));
      if (mine.length === 0) continue;
      try {
        await this.call(sub.name, sub.handler, mine);
      } catch (err) {
        const e = toTaxonomyError(err);
        if (e.kind !== 'user') throw new BatchFailure(e, 'subscriber', ids, sub.name);
        // Which event is at fault? One at a time (the ones before it are delivered again: handlers are idempotent).
        for (const event of mine) {
          try {
            await this.call(sub.name, sub.handler, [event]);
          } catch (err2) {
            const e2 = toTaxonomyError(err2);
            if (e2.kind !== 'user') throw new BatchFailure(e2, 'subscriber', ids, sub.name);
            outboxSubscriberSkipped.inc({ subscriber: sub.name });
            this.logger.warn(
              { subscriber: sub.name, eventId: event.eventId, type: event.type, error: e2.toRecord() },
              'domain-event subscriber refused an event (user error); skipped for this subscriber',
            );
          }
        }
      }
    }
  }

  private call(name: string, handler: DomainEventHandler, events: DomainEvent[]): Promise<void> {
    const run = insidePass.run(true, () => runAsActor({ ...systemActor, email: `system:${name}` }, () => handler(events)));
    return withDeadline(run, this.subscriberTimeoutMs, () => new OperationalError('subscriberTimeout', `subscriber ${name} did not finish within ${this.subscriberTimeoutMs} ms`));
  }

  /** Sends the batch (one request per broker, in id order per topic); returns the count per topic. */
  private async produce(events: DomainEvent[]): Promise<Map<string, number>> {
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const r = kafkaRecordOf(event, this.names);
      const list = byTopic.get(r.topic) ?? [];
      list.push({ key: r.key, value: r.value });
      byTopic.set(r.topic, list);
    }
    const ids = events.map((e) => e.eventId);
    try {
      const producer = await this.connectedProducer();
      await withDeadline(
        producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
        this.sendTimeoutMs,
        () => new OperationalError('kafkaTimeout', `the Kafka send did not finish within ${this.sendTimeoutMs} ms`),
      );
    } catch (err) {
      // A producer that failed may hold broken connections or stale metadata: the next attempt gets a fresh one.
      await this.dropProducer();
      throw new BatchFailure(toTaxonomyError(err), 'kafka', ids);
    }
    return new Map([...byTopic].map(([topic, messages]) => [topic, messages.length]));
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka!.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      // Bounded (KafkaJS's idempotent default is to retry for ever, which would hold the batch's transaction
      // open through a whole outage); the relay's own backoff takes over, and a resent batch is deduplicated
      // by consumers. KafkaJS warns once per producer that this "may invalidate EoS guarantees": we do not use EoS.
      retry: { retries: 3, initialRetryTime: 300, maxRetryTime: 3000 },
    });
    await withDeadline(producer.connect(), 15_000, () => new OperationalError('kafkaTimeout', 'connecting the relay producer timed out'));
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const p = this.producer;
    this.producer = null;
    if (p) await withDeadline(p.disconnect(), 5000, () => new Error('disconnect timed out')).catch(() => undefined);
  }

  private recovered(): void {
    if (this.stalled) this.logger.warn('domain-event relay recovered');
    this.failures = 0;
    this.stalled = null;
    this.failing = null;
    outboxRelayStalled.set(0);
  }

  /** Counts, logs and reports a failed batch; with `retry`, schedules the next attempt (backoff, or fatalRetryMs when stalled). */
  private failed(f: BatchFailure, retry: boolean): void {
    this.failures += 1;
    const e = f.error;
    const where = `${f.stage}${f.subscriber ? ` ${f.subscriber}` : ''}`;
    const batch = f.eventIds.length ? `events ${f.eventIds[0]} … ${f.eventIds[f.eventIds.length - 1]} (${f.eventIds.length})` : 'no events read';
    outboxRelayFailures.inc({ kind: e.kind === 'operational' ? 'operational' : 'fatal', stage: f.stage });
    let delay: number;
    if (e.kind === 'operational') {
      delay = retryDelayMs(this.failures, { ...this.retry, random: this.random });
      if (this.failures >= 5) this.failing = `failing for ${this.failures} attempts at ${where}: ${e.code}: ${e.message}`;
      this.logger.warn(
        { err: e.cause ?? e, code: e.code, stage: f.stage, subscriber: f.subscriber, attempt: this.failures, retryInMs: delay, batch },
        'domain-event relay batch failed; rolled back, retrying with backoff',
      );
    } else {
      // A user error here is not a subscriber's (those are skipped above): a bug in the relay's own steps. Treated as fatal.
      delay = this.fatalRetryMs;
      this.stalled = `stalled at ${where} on ${batch}: ${e.code}: ${e.message}`;
      outboxRelayStalled.set(1);
      this.logger.error(
        { err: e.cause ?? e, code: e.code, stage: f.stage, subscriber: f.subscriber, eventIds: f.eventIds, retryInMs: delay },
        `DOMAIN-EVENT RELAY STALLED (${e.kind} error at ${where}): nothing after ${f.eventIds[0] ?? 'this batch'} is relayed until it is fixed`,
      );
    }
    if (this.stopped || !retry) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  /** Another process relays now; rows a kick announced may have been committed after its last read, so look again soon. */
  private lookAgainSoon(): void {
    if (this.standbyTimer || this.stopped) return;
    this.standbyTimer = setTimeout(() => {
      this.standbyTimer = null;
      void this.kick();
    }, this.standbyRetryMs);
    this.standbyTimer.unref();
  }
}

/** A row back as a typed event; one that no longer parses is a bug (or a hand edit) that must stop the relay, not vanish. */
function readRow(row: { id: string; event_id: string; body: unknown }): DomainEvent {
  let json: unknown;
  try {
    json = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
  } catch {
    throw new FatalError('invalidStoredDomainEvent', `domain_event ${row.id} (${row.event_id}): body is not JSON`);
  }
  const parsed = parseDomainEvent(json);
  if (!parsed.ok) throw new FatalError('invalidStoredDomainEvent', `domain_event ${row.id} (${row.event_id}) does not fit the catalogue: ${describeProblems(parsed.errors)}`);
  if (parsed.event.eventId !== row.event_id)
    throw new FatalError('invalidStoredDomainEvent', `domain_event ${row.id}: event_id ${row.event_id} differs from the body's ${parsed.event.eventId}`);
  return parsed.event;
}

function withDeadline<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function boundedWait(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, elapsed]).finally(() => clearTimeout(timer));
}
