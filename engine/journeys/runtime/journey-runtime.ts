import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '../../definitions/domain-events/domain-event.schema.js';
import type { Logger } from '../../observability/logger.js';
import { toTaxonomyError } from '../../errors/classify-error.js';
import type { JourneyEventInput, JourneyInput } from '../interpreter/journey-step.types.js';
import { advance, type AdvanceCounts, type AdvanceDeps, type AfterCommit, type ExistingWork, type StartRequest } from './advance.js';
import { type JourneyCatalogue, type RoutedJourney } from './journey-catalogue.js';
import { lockInstancesById, lockInstancesOfCustomers, lockInstancesOfJourney, type InstanceRow } from './instance-rows.js';
import { planEntries, type EntryCandidate } from './entry-planner.js';
import { sendJobId, type JourneyQueues } from './journey-queues.js';
import { journeyMetrics } from './journey-metrics.js';

/** One stored customer event, as the ingestion consumer hands it over (stored and redelivered alike). */
export interface StoredCustomerEvent {
  eventId: string;
  customerId: number;
  customerNo: string;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}

export interface JourneyRuntimeDeps {
  ds: DataSource;
  catalogue: JourneyCatalogue;
  queues: JourneyQueues;
  logger: Logger;
  isHoliday: (day: string) => boolean;
  appendEvents: AdvanceDeps['appendEvents'];
  /** Asks the outbox relay to send what the last commit wrote. */
  kickOutbox: () => void;
  /** The clock; tests pass their own to step through long waits. */
  now?: () => Date;
  /** Webhook calls: attempts in all, and the first retry's delay (doubling after). */
  webhookRetry?: { attempts: number; backoffMs: number };
}

/** Customers per transaction: bounds lock time and statement size. */
const chunkSize = 500;
const transactionAttempts = 5;

/**
 * The journey runtime's entry points. Each one locks the instances it
 * touches (customers' running instances, or instance ids), calls the pure
 * interpreter through `advance`, commits, then puts the commit's Redis work
 * on the queues. Everything Redis holds can be rebuilt from MariaDB by the
 * reconciler, so a crash between commit and enqueue loses nothing.
 */
export class JourneyRuntime {
  private readonly now: () => Date;

  constructor(private readonly deps: JourneyRuntimeDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The ingestion consumer's handler: advances waiting instances and starts event-entry journeys, before offsets commit. */
  async handleStoredEvents(events: StoredCustomerEvent[]): Promise<AdvanceCounts> {
    const total = emptyCounts();
    const journeys = await this.deps.catalogue.journeys();
    if (journeys.length === 0 || events.length === 0) return total;
    const eventEntries = journeys.filter((j) => j.version.definition.entry.type === 'event');
    const byCustomer = groupBy(events, (e) => e.customerId);
    const customers = [...byCustomer.keys()];
    for (let i = 0; i < customers.length; i += chunkSize) {
      const ids = customers.slice(i, i + chunkSize);
      const counts = await this.transact('events', async (tx, now) => {
        const active = await lockInstancesOfCustomers(tx, ids);
        const existing = await this.liveWork(active, (row) => (byCustomer.get(row.customerId) ?? []).map((e) => ({ kind: 'event', event: toInput(e) }) as JourneyInput));
        const candidates: EntryCandidate[] = [];
        for (const id of ids) {
          const list = byCustomer.get(id) ?? [];
          list.forEach((e, i) => {
            // A new instance also sees the customer's later events of this batch (e.g. a goal reached at once).
            const then = list.slice(i + 1).map((later) => ({ kind: 'event', event: toInput(later) }) as JourneyInput);
            for (const journey of eventEntries) {
              candidates.push({
                journey,
                customerId: id,
                customerNo: e.customerNo,
                trigger: { kind: 'event', event: toInput(e) },
                entryKind: 'event',
                entryKey: `e:${e.eventId}`,
                triggerEventId: e.eventId,
                then,
              });
            }
          });
        }
        const { starts } = await planEntries(tx, candidates, active, now.getTime());
        return this.advanceIn(tx, existing, starts, now);
      });
      addCounts(total, counts);
    }
    return total;
  }

  /** In-process subscriber of segment.entered / segment.exited: segment entries, and exit conditions on leaving a segment. */
  async handleSegmentEvents(events: DomainEvent[]): Promise<AdvanceCounts> {
    const total = emptyCounts();
    const transitions = events.filter(
      (e): e is Extract<DomainEvent, { type: 'segment.entered' | 'segment.exited' }> => e.type === 'segment.entered' || e.type === 'segment.exited',
    );
    const journeys = await this.deps.catalogue.journeys();
    if (journeys.length === 0 || transitions.length === 0) return total;
    const segmentEntries = journeys.filter((j) => j.version.definition.entry.type === 'segmentEntered' || j.version.definition.entry.type === 'segmentExited');
    const byCustomer = groupBy(transitions, (e) => e.payload.customerId);
    const customers = [...byCustomer.keys()];
    for (let i = 0; i < customers.length; i += chunkSize) {
      const ids = customers.slice(i, i + chunkSize);
      const counts = await this.transact('segment transitions', async (tx, now) => {
        const active = await lockInstancesOfCustomers(tx, ids);
        const existing = await this.liveWork(active, (row) =>
          (byCustomer.get(row.customerId) ?? []).filter((e) => e.type === 'segment.exited').map((e) => ({ kind: 'segmentExited', segmentId: e.payload.segmentId }) as JourneyInput),
        );
        const candidates: EntryCandidate[] = [];
        for (const id of ids) {
          for (const e of byCustomer.get(id) ?? []) {
            const kind = e.type === 'segment.entered' ? ('segmentEntered' as const) : ('segmentExited' as const);
            for (const journey of segmentEntries) {
              candidates.push({
                journey,
                customerId: id,
                customerNo: e.customerNo,
                trigger: { kind, segmentId: e.payload.segmentId },
                entryKind: kind,
                entryKey: `s:${e.payload.transitionId}`,
                triggerEventId: e.eventId,
              });
            }
          }
        }
        const { starts } = await planEntries(tx, candidates, active, now.getTime());
        return this.advanceIn(tx, existing, starts, now);
      });
      addCounts(total, counts);
    }
    return total;
  }

  /**
   * Starts one journey for customers (the API, a schedule firing). `entryKey`
   * per customer makes a repeated call start nothing twice. Returns the
   * instance id per customer that started, and why the others did not.
   */
  async startFor(
    journey: RoutedJourney,
    targets: Array<{ customerId: number; customerNo: string; entryKey: string }>,
    entryKind: 'api' | 'schedule',
    segmentId?: number,
  ): Promise<{ started: Map<number, string>; skipped: Record<string, number> }> {
    const started = new Map<number, string>();
    const skipped: Record<string, number> = {};
    for (let i = 0; i < targets.length; i += chunkSize) {
      const chunk = targets.slice(i, i + chunkSize);
      await this.transact(entryKind, async (tx, now) => {
        const active = (
          await lockInstancesOfCustomers(
            tx,
            chunk.map((t) => t.customerId),
          )
        ).filter((r) => r.journeyId === journey.journeyId);
        const trigger = entryKind === 'api' ? { kind: 'api' as const } : { kind: 'schedule' as const, segmentId: segmentId ?? 0 };
        const plan = await planEntries(
          tx,
          chunk.map((t) => ({ journey, customerId: t.customerId, customerNo: t.customerNo, trigger, entryKind, entryKey: t.entryKey })),
          active,
          now.getTime(),
        );
        for (const [k, n] of Object.entries(plan.skipped)) if (n > 0) skipped[k] = (skipped[k] ?? 0) + n;
        const result = await this.advanceIn(tx, [], plan.starts, now);
        const rows: Array<{ id: string; customer_id: number }> =
          plan.starts.length === 0
            ? []
            : await tx.query('SELECT id, customer_id FROM journey_instance WHERE journey_id = ? AND entry_key IN (?)', [journey.journeyId, plan.starts.map((s) => s.entryKey)]);
        for (const r of rows) started.set(Number(r.customer_id), String(r.id));
        return result;
      });
    }
    return { started, skipped };
  }

  /** The wake worker: instances the scheduler found due. A wake-up that is no longer due is ignored (an event moved the instance). */
  async wake(ids: string[]): Promise<AdvanceCounts> {
    return this.transact('wake-ups', async (tx, now) => {
      const rows = await lockInstancesById(tx, ids);
      const paused = await this.pausedJourneys();
      // Instances of a paused journey stay where they are; their marker is cleared so they are picked up again after resume.
      const held = rows.filter((r) => paused.has(r.journeyId)).map((r) => r.id);
      if (held.length > 0) await tx.query('UPDATE journey_instance SET wake_queued_at = NULL WHERE id IN (?)', [held]);
      const work = rows.filter((r) => !paused.has(r.journeyId)).map((row) => ({ row, inputs: [{ kind: 'wake' } as JourneyInput] }));
      const result = await this.advanceIn(tx, work, [], now);
      const lags = rows.filter((r) => r.state.dueAt !== null).map((r) => (now.getTime() - (r.state.dueAt as number)) / 1000);
      for (const lag of lags) journeyMetrics.wakeLag.observe(Math.max(0, lag));
      return result;
    });
  }

  /** A webhook call finished (or failed for good): the instance continues or fails. */
  async webhookResult(instanceId: string, nodeId: string, visit: number, outcome: { ok: true } | { ok: false; errorCode: string }): Promise<AdvanceCounts> {
    return this.transact('webhook result', async (tx, now) => {
      const rows = await lockInstancesById(tx, [instanceId]);
      const input: JourneyInput = outcome.ok
        ? { kind: 'webhookResult', nodeId, visit, ok: true }
        : { kind: 'webhookResult', nodeId, visit, ok: false, errorCode: outcome.errorCode };
      return this.advanceIn(
        tx,
        rows.map((row) => ({ row, inputs: [input] })),
        [],
        now,
      );
    });
  }

  /** Ends every running instance of an archived journey with reason `archived`, in batches. */
  async archiveInstances(journeyId: number): Promise<number> {
    let ended = 0;
    for (;;) {
      const counts = await this.transact('archive', async (tx, now) => {
        const rows = await lockInstancesOfJourney(tx, journeyId, chunkSize);
        return this.advanceIn(
          tx,
          rows.map((row) => ({ row, inputs: [{ kind: 'archive' } as JourneyInput] })),
          [],
          now,
        );
      });
      ended += counts.ended;
      if (counts.ended === 0) return ended;
    }
  }

  /** Puts the commit's Redis work on the queues and stamps the message rows as enqueued. */
  async enqueue(after: AfterCommit): Promise<void> {
    const { queues, ds } = this.deps;
    const byChannel = groupBy(after.messages, (m) => m.channel);
    for (const [channel, list] of byChannel) {
      await queues.send[channel].addBulk(list.map((m) => ({ data: { messageId: m.id }, opts: { jobId: sendJobId(m.id), removeOnComplete: true, removeOnFail: 1000 } })));
    }
    if (after.messages.length > 0) await ds.query('UPDATE message SET enqueued_at = ? WHERE id IN (?) AND enqueued_at IS NULL', [this.now(), after.messages.map((m) => m.id)]);
    if (after.webhooks.length > 0) {
      await queues.webhook.addBulk(
        after.webhooks.map((w) => ({
          data: w,
          opts: {
            jobId: w.idempotencyKey,
            attempts: this.deps.webhookRetry?.attempts ?? 5,
            backoff: { type: 'exponential', delay: this.deps.webhookRetry?.backoffMs ?? 1000 },
            removeOnComplete: true,
            removeOnFail: 1000,
          },
        })),
      );
    }
  }

  private async pausedJourneys(): Promise<Set<number>> {
    return new Set((await this.deps.catalogue.journeys()).filter((j) => j.status === 'PAUSED').map((j) => j.journeyId));
  }

  /** Work for running instances of live journeys; instances of a paused journey hold where they are. */
  private async liveWork(active: InstanceRow[], inputsOf: (row: InstanceRow) => JourneyInput[]): Promise<ExistingWork[]> {
    const paused = await this.pausedJourneys();
    return active
      .filter((r) => !paused.has(r.journeyId))
      .map((row) => ({ row, inputs: inputsOf(row) }))
      .filter((w) => w.inputs.length > 0);
  }

  private async advanceIn(tx: EntityManager, existing: ExistingWork[], starts: StartRequest[], now: Date): Promise<{ counts: AdvanceCounts; after: AfterCommit }> {
    const { catalogue, isHoliday, appendEvents } = this.deps;
    const t0 = process.hrtime.bigint();
    const r = await advance(tx, { catalogue, isHoliday, appendEvents }, { existing, starts }, now);
    if (existing.length + starts.length > 0) journeyMetrics.stepSeconds.observe(Number(process.hrtime.bigint() - t0) / 1e9 / (existing.length + starts.length));
    return r;
  }

  /**
   * One transaction, retried on operational errors (deadlock, lock wait,
   * lost connection, a duplicate from a racing process) with backoff; then
   * the Redis work and the outbox kick. A user or fatal error is thrown.
   */
  private async transact(what: string, fn: (tx: EntityManager, now: Date) => Promise<{ counts: AdvanceCounts; after: AfterCommit }>): Promise<AdvanceCounts> {
    for (let attempt = 1; ; attempt++) {
      try {
        const now = this.now();
        const { counts, after } = await this.deps.ds.transaction((tx) => fn(tx, now));
        if (counts.started + counts.advanced > 0) this.deps.kickOutbox();
        await this.enqueue(after).catch((err) => this.deps.logger.warn({ err }, `journeys: enqueue after ${what} failed; the reconciler will re-enqueue`));
        journeyMetrics.record(counts);
        return counts;
      } catch (err) {
        const t = toTaxonomyError(err, { isIdempotencyKey: () => false });
        const retry = t.kind === 'operational' || t.code === 'conflict';
        if (!retry || attempt >= transactionAttempts) throw err;
        this.deps.logger.warn({ code: t.code, attempt }, `journeys: ${what} transaction retried`);
        await new Promise((r) => setTimeout(r, 20 * attempt * Math.random() + 5));
      }
    }
  }
}

function toInput(e: StoredCustomerEvent): JourneyEventInput {
  return { id: e.eventId, type: e.type, occurredAt: e.occurredAt.getTime(), properties: e.properties };
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}

function emptyCounts(): AdvanceCounts {
  return { started: 0, advanced: 0, ignored: 0, ended: 0, converted: 0, messages: 0 };
}

function addCounts(a: AdvanceCounts, b: AdvanceCounts): void {
  for (const k of Object.keys(a) as Array<keyof AdvanceCounts>) a[k] += b[k];
}
