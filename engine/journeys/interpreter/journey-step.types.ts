import type { JourneyExitReason } from '../../definitions/domain-events/journey.events.js';
import type { MessageChannel, CustomerChange, WebhookPayloadKey } from '../../definitions/journey/journey-action-nodes.schema.js';

/**
 * The interpreter's contract: what an instance looks like at rest, what can
 * happen to it, and what the runtime must do afterwards. Times are epoch
 * milliseconds (numbers, not Dates) so states compare and serialise exactly.
 *
 * `step(definition, instance, input, now, ctx) -> StepResult` is pure: the
 * runtime loads the instance under a row lock, evaluates the definition's
 * condition blocks for the customer (ctx), calls step, and commits the new
 * state, the step records and the commands in one transaction.
 */

export type { JourneyExitReason };

/** Why an instance is held, and until when. */
export type JourneyWait =
  | { kind: 'duration'; nodeId: string; visit: number; until: number }
  | { kind: 'until'; nodeId: string; visit: number; until: number }
  | { kind: 'event'; nodeId: string; visit: number; until: number; since: number }
  /** A webhook call is in flight (a Bull job); its result comes back as a `webhookResult` input. */
  | { kind: 'webhook'; nodeId: string; visit: number };

export interface JourneyInstanceState {
  customerNo: string;
  /** IANA zone for time-of-day windows; Asia/Seoul when the customer has none. */
  timeZone: string;
  /** When the instance entered (start of the goal window and of the maximum duration). */
  enteredAt: number;
  /** `waiting`: held at `wait.nodeId`; `ended`: finished, `outcome` says how. */
  status: 'waiting' | 'ended';
  /** The block the instance is at (waiting) or ended at. */
  nodeId: string;
  wait: JourneyWait | null;
  /**
   * When the scheduler must wake the instance: the wait's end or the
   * maximum-duration deadline, whichever is first; null once ended (or while
   * a webhook is in flight and the deadline is far). Indexed in MariaDB.
   */
  dueAt: number | null;
  /** How many times the instance entered each block (1, 2, ... in loops): part of every idempotency key. */
  visits: Record<string, number>;
  /** A/B/n assignments made so far: split block id -> branch id (recorded, and reused on a revisit). */
  assignments: Record<string, string>;
  outcome: { reason: JourneyExitReason; errorCode?: string; at: number } | null;
}

/**
 * An instance that has not taken its first step: built by `newInstanceState`
 * and handed to `step` together with the `start` input, which walks it from
 * the start block. It is never stored: `step` always returns a state at rest
 * (`waiting` or `ended`), so a fresh one has no block, wait or due time yet.
 */
export interface NewJourneyInstanceState extends Omit<JourneyInstanceState, 'status' | 'nodeId' | 'wait' | 'dueAt' | 'outcome'> {
  status: 'new';
  nodeId: null;
  wait: null;
  dueAt: null;
  outcome: null;
}

/** A customer event as the interpreter sees it (already stored by ingestion; `id` is its stored id). */
export interface JourneyEventInput {
  id: string;
  type: string;
  occurredAt: number;
  properties: Record<string, unknown>;
}

export type JourneyInput =
  /** A new instance at the start block (the entry rule already said yes). */
  | { kind: 'start' }
  /** The scheduler found the instance due (`dueAt <= now`). */
  | { kind: 'wake' }
  | { kind: 'event'; event: JourneyEventInput }
  | { kind: 'segmentExited'; segmentId: number }
  | { kind: 'webhookResult'; nodeId: string; visit: number; ok: true }
  | { kind: 'webhookResult'; nodeId: string; visit: number; ok: false; errorCode: string }
  /** The journey was archived: the instance exits with reason `archived`. */
  | { kind: 'archive' };

export type JourneyCommand =
  | { kind: 'sendMessage'; nodeId: string; visit: number; channel: MessageChannel; templateId: number }
  | { kind: 'updateCustomer'; nodeId: string; visit: number; change: CustomerChange }
  | { kind: 'callWebhook'; nodeId: string; visit: number; url: string; payload: WebhookPayloadKey[] };

/** One block entered (a `journey_step` row): where, which visit, when, and why. */
export interface JourneyStepRecord {
  nodeId: string;
  nodeType: string;
  visit: number;
  at: number;
  /** What moved the instance here: `start`, `next`, `true`/`false`, `branch:<id>`, `event`, `timeout`, `wake`, `webhook`. */
  cause: string;
}

export interface StepContext {
  /** The condition block's answer for this customer, evaluated by the runtime with the segment plan evaluators. */
  conditionHolds(nodeId: string): boolean;
  /** Whether a calendar day (YYYY-MM-DD, in the zone in question) is a Korean public holiday. */
  isHoliday(day: string): boolean;
}

export interface StepResult {
  instance: JourneyInstanceState;
  commands: JourneyCommand[];
  steps: JourneyStepRecord[];
  /** Set when the input changed nothing (an event nobody waits for, a stale wake-up, a late webhook result). */
  ignored?: string;
  /** Set when this input converted the instance (goal event or goal block). */
  converted?: { nodeId?: string; eventId?: string; eventType?: string };
}

/** The unique key of a command's effect: one per instance, block and visit. */
export function idempotencyKeyOf(instanceId: number | string, nodeId: string, visit: number): string {
  return `j${instanceId}:${nodeId}:${visit}`;
}
