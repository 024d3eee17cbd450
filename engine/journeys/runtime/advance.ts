import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../definitions/domain-events/domain-event.schema.js';
import { makeDomainEvent } from '../../definitions/domain-events/make-domain-event.js';
import { loadCustomerFacts, type CustomerFacts, type Queryable } from '../../segments/customer-facts.js';
import { planMatches } from '../../segments/plan-matches.js';
import { inAudienceScope } from '../../segments/audience-scope.js';
import { step } from '../interpreter/step.js';
import { newInstanceState } from '../interpreter/instance-state.js';
import {
  idempotencyKeyOf,
  type JourneyCommand,
  type JourneyInput,
  type JourneyInstanceState,
  type JourneyStepRecord,
  type StepContext,
} from '../interpreter/journey-step.types.js';
import { conditionKey, planConditions, type JourneyCatalogue, type JourneyVersion } from './journey-catalogue.js';
import { insertInstances, saveStates, type InstanceRow, type NewInstance } from './instance-rows.js';
import { applyCustomerChanges, type CustomerChangeRequest } from '../../../resources/customer/journey-customer-changes.js';
import type { MessageChannel } from '../../definitions/journey/journey-action-nodes.schema.js';
import type { WebhookPayloadKey } from '../../definitions/journey/journey-action-nodes.schema.js';

/** The time zone of every customer until customers carry their own. */
export const customerTimeZone = 'Asia/Seoul';

export interface StartRequest {
  version: JourneyVersion;
  customerId: number;
  customerNo: string;
  entryKind: 'event' | 'segmentEntered' | 'segmentExited' | 'schedule' | 'api';
  /** Unique per journey: the trigger (event id, transition, schedule firing, API request id). */
  entryKey: string;
  triggerEventId?: string;
  /** Inputs to apply right after the start: the customer's later events of the same batch (a goal reached at once). */
  then?: JourneyInput[];
}

export interface ExistingWork {
  row: InstanceRow;
  inputs: JourneyInput[];
}

/** What must go to Redis once the transaction committed. */
export interface AfterCommit {
  messages: Array<{ id: string; channel: MessageChannel }>;
  webhooks: WebhookJob[];
}

export interface WebhookJob {
  instanceId: string;
  journeyId: number;
  versionId: number;
  customerId: number;
  nodeId: string;
  visit: number;
  url: string;
  payload: WebhookPayloadKey[];
  idempotencyKey: string;
}

export interface AdvanceCounts {
  started: number;
  advanced: number;
  ignored: number;
  ended: number;
  converted: number;
  messages: number;
}

export interface AdvanceDeps {
  catalogue: JourneyCatalogue;
  isHoliday: (day: string) => boolean;
  /** Appends domain events to the outbox inside the transaction. */
  appendEvents: (tx: Queryable, events: DomainEvent[]) => Promise<void>;
}

type StepOutcome = { state: JourneyInstanceState; steps: JourneyStepRecord[]; commands: JourneyCommand[]; converted: boolean; changed: boolean };

/**
 * Applies inputs to locked instances and starts new ones, inside the
 * caller's transaction: interpreter steps, new states, journey_step rows,
 * message rows (unique idempotency key), customer changes and domain events
 * all commit together or not at all. Returns the Redis work to do after
 * the commit (a crash before it is repaired by the reconciler).
 */
export async function advance(
  tx: Queryable,
  deps: AdvanceDeps,
  work: { existing: ExistingWork[]; starts: StartRequest[] },
  now: Date,
): Promise<{ after: AfterCommit; counts: AdvanceCounts }> {
  const counts: AdvanceCounts = { started: 0, advanced: 0, ignored: 0, ended: 0, converted: 0, messages: 0 };
  const after: AfterCommit = { messages: [], webhooks: [] };
  if (work.existing.length === 0 && work.starts.length === 0) return { after, counts };
  const nowMs = now.getTime();

  const versions = new Map<number, JourneyVersion>();
  for (const s of work.starts) versions.set(s.version.versionId, s.version);
  for (const w of work.existing) if (!versions.has(w.row.versionId)) versions.set(w.row.versionId, await deps.catalogue.version(w.row.versionId));
  const contextFor = await conditionContexts(
    tx,
    [...versions.values()],
    [
      ...work.existing.map((w) => ({ versionId: w.row.versionId, customerId: w.row.customerId })),
      ...work.starts.map((s) => ({ versionId: s.version.versionId, customerId: s.customerId })),
    ],
    now,
    deps.isHoliday,
  );

  const run = (version: JourneyVersion, customerId: number, initial: Parameters<typeof step>[1], inputs: JourneyInput[]): StepOutcome => {
    const ctx = contextFor(version.versionId, customerId);
    let state = initial;
    const out: StepOutcome = { state: initial as JourneyInstanceState, steps: [], commands: [], converted: false, changed: false };
    for (const input of inputs) {
      const r = step(version.definition, state, input, nowMs, ctx);
      state = r.instance;
      out.state = r.instance;
      if (r.ignored) continue;
      out.changed = true;
      out.steps.push(...r.steps);
      out.commands.push(...r.commands);
      if (r.converted) out.converted = true;
    }
    return out;
  };

  type Done = {
    instanceId: string;
    journeyId: number;
    versionId: number;
    customerId: number;
    customerNo: string;
    before: 'new' | 'waiting';
    outcome: StepOutcome;
    start?: StartRequest;
  };
  const done: Done[] = [];
  const changedRows: InstanceRow[] = [];
  for (const w of work.existing) {
    const outcome = run(versions.get(w.row.versionId)!, w.row.customerId, w.row.state, w.inputs);
    if (!outcome.changed) {
      counts.ignored += 1;
      continue;
    }
    counts.advanced += 1;
    changedRows.push({ ...w.row, state: outcome.state });
    done.push({
      instanceId: w.row.id,
      journeyId: w.row.journeyId,
      versionId: w.row.versionId,
      customerId: w.row.customerId,
      customerNo: w.row.state.customerNo,
      before: 'waiting',
      outcome,
    });
  }
  // Wake-up markers are cleared for every row handed in, changed or not (a stale wake-up is done with).
  const changedIds = new Set(changedRows.map((r) => r.id));
  const untouched = work.existing.filter((w) => !changedIds.has(w.row.id)).map((w) => w.row.id);
  if (untouched.length > 0) await tx.query('UPDATE journey_instance SET wake_queued_at = NULL WHERE id IN (?)', [untouched]);
  await saveStates(tx, changedRows, now);

  const fresh: Array<{ start: StartRequest; outcome: StepOutcome }> = work.starts.map((start) => ({
    start,
    outcome: run(start.version, start.customerId, newInstanceState({ customerNo: start.customerNo, timeZone: customerTimeZone, enteredAt: nowMs }), [
      { kind: 'start' },
      ...(start.then ?? []),
    ]),
  }));
  const newRows: NewInstance[] = fresh.map(({ start, outcome }) => ({
    journeyId: start.version.journeyId,
    versionId: start.version.versionId,
    customerId: start.customerId,
    entryKind: start.entryKind,
    entryKey: start.entryKey,
    state: outcome.state,
  }));
  const ids = await insertInstances(tx, newRows, now);
  for (const { start, outcome } of fresh) {
    const id = ids.get(`${start.version.journeyId}|${start.entryKey}`);
    if (!id) throw new Error(`journey instance for entry ${start.entryKey} was not stored`);
    counts.started += 1;
    done.push({
      instanceId: id,
      journeyId: start.version.journeyId,
      versionId: start.version.versionId,
      customerId: start.customerId,
      customerNo: start.customerNo,
      before: 'new',
      outcome,
      start,
    });
  }

  const events: DomainEvent[] = [];
  const journeyActor = (journeyId: number) => ({ kind: 'journey' as const, id: journeyId });
  const stepRows: unknown[][] = [];
  const messageRows: Array<{ key: string; row: unknown[]; d: Done; channel: MessageChannel; templateId: number; nodeId: string }> = [];
  const customerChanges: CustomerChangeRequest[] = [];
  for (const d of done) {
    const ref = { journeyId: d.journeyId, versionId: d.versionId, instanceId: Number(d.instanceId), customerId: d.customerId };
    if (d.start) {
      events.push(
        makeDomainEvent({
          type: 'journey.instanceStarted',
          eventId: randomUUID(),
          occurredAt: now,
          customerNo: d.customerNo,
          actor: journeyActor(d.journeyId),
          payload: {
            ...ref,
            version: d.start.version.version,
            entry: d.start.entryKind,
            ...(d.start.triggerEventId ? { triggerEventId: d.start.triggerEventId.slice(0, 100) } : {}),
          },
        }),
      );
    }
    for (const s of d.outcome.steps) stepRows.push([d.instanceId, d.versionId, s.nodeId, s.nodeType, s.visit, s.cause.slice(0, 80), new Date(s.at)]);
    for (const c of d.outcome.commands) {
      const key = idempotencyKeyOf(d.instanceId, c.nodeId, c.visit);
      if (c.kind === 'sendMessage') {
        messageRows.push({
          key,
          d,
          channel: c.channel,
          templateId: c.templateId,
          nodeId: c.nodeId,
          row: [key, c.channel, c.templateId, d.customerId, d.journeyId, d.versionId, d.instanceId, c.nodeId, 'QUEUED', now, now],
        });
      } else if (c.kind === 'updateCustomer') {
        customerChanges.push({ customerId: d.customerId, customerNo: d.customerNo, journeyId: d.journeyId, instanceId: d.instanceId, nodeId: c.nodeId, change: c.change });
      } else if (c.kind === 'callWebhook') {
        after.webhooks.push({
          instanceId: d.instanceId,
          journeyId: d.journeyId,
          versionId: d.versionId,
          customerId: d.customerId,
          nodeId: c.nodeId,
          visit: c.visit,
          url: c.url,
          payload: c.payload,
          idempotencyKey: key,
        });
      }
    }
    if (d.outcome.converted) {
      counts.converted += 1;
      events.push(
        makeDomainEvent({
          type: 'journey.converted',
          eventId: randomUUID(),
          occurredAt: now,
          customerNo: d.customerNo,
          actor: journeyActor(d.journeyId),
          payload: { ...ref, nodeId: d.outcome.state.nodeId ?? undefined },
        }),
      );
    }
    const s = d.outcome.state;
    if (s.status === 'ended' && s.outcome) {
      counts.ended += 1;
      events.push(
        makeDomainEvent({
          type: 'journey.instanceExited',
          eventId: randomUUID(),
          occurredAt: now,
          customerNo: d.customerNo,
          actor: journeyActor(d.journeyId),
          payload: { ...ref, nodeId: s.nodeId ?? undefined, reason: s.outcome.reason, ...(s.outcome.errorCode ? { errorCode: s.outcome.errorCode } : {}) },
        }),
      );
    }
  }
  if (stepRows.length > 0) {
    await tx.query('INSERT IGNORE INTO journey_step (instance_id, version_id, node_id, node_type, visit, cause, entered_at) VALUES ?', [stepRows]);
  }
  if (messageRows.length > 0) {
    // The instance rows are locked, so nobody else writes these keys now; what exists already was written by an earlier run.
    const existing: Array<{ idempotency_key: string }> = await tx.query('SELECT idempotency_key FROM message WHERE idempotency_key IN (?)', [messageRows.map((m) => m.key)]);
    const had = new Set(existing.map((r) => r.idempotency_key));
    const fresh = messageRows.filter((m) => !had.has(m.key));
    if (fresh.length > 0) {
      await tx.query(
        `INSERT INTO message (idempotency_key, channel, template_id, customer_id, journey_id, version_id, instance_id, node_id, status, requested_at, updated_at) VALUES ?`,
        [fresh.map((m) => m.row)],
      );
      const rows: Array<{ id: string; idempotency_key: string; channel: MessageChannel }> = await tx.query(
        'SELECT id, idempotency_key, channel FROM message WHERE idempotency_key IN (?)',
        [fresh.map((m) => m.key)],
      );
      const idOf = new Map(rows.map((r) => [r.idempotency_key, String(r.id)]));
      for (const m of fresh) {
        const id = idOf.get(m.key)!;
        after.messages.push({ id, channel: m.channel });
        events.push(
          makeDomainEvent({
            type: 'message.requested',
            eventId: randomUUID(),
            occurredAt: now,
            customerNo: m.d.customerNo,
            actor: journeyActor(m.d.journeyId),
            payload: {
              messageId: Number(id),
              customerId: m.d.customerId,
              channel: m.channel,
              templateId: m.templateId,
              journeyId: m.d.journeyId,
              journeyVersionId: m.d.versionId,
              instanceId: Number(m.d.instanceId),
              nodeId: m.nodeId,
              idempotencyKey: m.key,
            },
          }),
        );
      }
      counts.messages += fresh.length;
    }
  }
  if (customerChanges.length > 0) events.push(...(await applyCustomerChanges(tx, customerChanges, now)));
  if (events.length > 0) await deps.appendEvents(tx, events);
  return { after, counts };
}

/** Builds each (version, customer)'s step context: condition answers from the segment plan evaluator, holidays. */
async function conditionContexts(
  tx: Queryable,
  versions: JourneyVersion[],
  pairs: Array<{ versionId: number; customerId: number }>,
  now: Date,
  isHoliday: (day: string) => boolean,
): Promise<(versionId: number, customerId: number) => StepContext> {
  const planned = await planConditions(tx, versions, now);
  let facts = new Map<number, CustomerFacts>();
  if (planned.needs) {
    const withConditions = new Set(versions.filter((v) => v.conditions.size > 0).map((v) => v.versionId));
    const customers = [...new Set(pairs.filter((p) => withConditions.has(p.versionId)).map((p) => p.customerId))];
    facts = await loadCustomerFacts(tx, customers, planned.needs);
  }
  return (versionId, customerId) => ({
    isHoliday,
    conditionHolds(nodeId: string): boolean {
      const plan = planned.plans.get(conditionKey(versionId, nodeId));
      const f = facts.get(customerId);
      // A customer out of the audience (withdrawn) or a condition that no longer plans never passes.
      return !!plan && !!f && inAudienceScope(f.customer) && planMatches(plan, f);
    },
  });
}
