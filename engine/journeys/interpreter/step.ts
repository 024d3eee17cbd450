import type { JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import type { JourneyNode } from '../../definitions/journey/journey-node.schema.js';
import { eventMatches } from './event-filter.js';
import { dayMs, deadlineOf, endedState } from './instance-state.js';
import type { JourneyEventInput, JourneyExitReason, JourneyInput, JourneyInstanceState, NewJourneyInstanceState, StepContext, StepResult } from './journey-step.types.js';
import { nodeById, walk, walkErrorCodes } from './walk.js';

export { maxStepsPerInput } from './walk.js';
export { newInstanceState } from './instance-state.js';

/**
 * One input applied to one instance: pure, no I/O, never throws for a
 * definition or an input it did not expect (it ends the instance as failed
 * with a code, or ignores the input). See README.md for the rules.
 *
 * - `start` takes a fresh state (`newInstanceState`) and walks it from the
 *   start block; on an instance that has started it is ignored.
 * - On an ended instance every input is ignored.
 * - `archive` ends a waiting instance (`archived`).
 * - Any other input on a waiting instance whose maximum duration has passed
 *   (`now` ≥ enteredAt + maxDurationDays) ends it (`maxDuration`) first,
 *   whatever the input: a late scheduler never lets it act after its deadline.
 *
 * Programming errors throw: no instance at all, or a fresh state with an
 * input other than `start` (it has nowhere to be).
 */
export function step(
  definition: JourneyDefinition,
  instance: JourneyInstanceState | NewJourneyInstanceState | null,
  input: JourneyInput,
  now: number,
  ctx: StepContext,
): StepResult {
  if (instance === null) throw new TypeError('step needs an instance: build a fresh one with newInstanceState for the start input');
  if (instance.status === 'new') {
    if (input.kind !== 'start') throw new TypeError(`a new instance takes the start input first, not ${input.kind}`);
    const start = definition.nodes.find((n) => n.type === 'start');
    if (!start) return { instance: endedState(instance, '', 'failed', now, walkErrorCodes.noStartBlock), commands: [], steps: [] };
    return walk(definition, instance, '', start.id, 'start', now, ctx);
  }
  if (instance.status === 'ended') return ignore(instance, 'the instance has ended');
  if (input.kind === 'start') return ignore(instance, 'the instance has started already');
  if (input.kind === 'archive') return end(instance, 'archived', now);
  if (now >= deadlineOf(definition, instance)) return end(instance, 'maxDuration', now);

  switch (input.kind) {
    case 'wake':
      return wake(definition, instance, now, ctx);
    case 'event':
      return onEvent(definition, instance, input.event, now, ctx);
    case 'segmentExited':
      return definition.exitWhen.some((c) => c.type === 'segmentExited' && c.segmentId === input.segmentId)
        ? end(instance, 'leftSegment', now)
        : ignore(instance, 'no exit condition on this segment');
    case 'webhookResult': {
      const wait = instance.wait;
      if (wait?.kind !== 'webhook' || wait.nodeId !== input.nodeId || wait.visit !== input.visit) {
        return ignore(instance, 'no webhook call awaited for this block and visit');
      }
      if (!input.ok) return end(instance, 'failed', now, input.errorCode);
      const node = nodeOfType(definition, wait.nodeId, 'webhook');
      if (!node) return end(instance, 'failed', now, walkErrorCodes.unknownBlock);
      return walk(definition, instance, wait.nodeId, node.next, 'webhook', now, ctx);
    }
    default: {
      const never: never = input;
      throw new Error(`unhandled journey input ${JSON.stringify(never)}`);
    }
  }
}

function ignore(instance: JourneyInstanceState, why: string): StepResult {
  return { instance, commands: [], steps: [], ignored: why };
}

function end(instance: JourneyInstanceState, reason: JourneyExitReason, now: number, errorCode?: string, converted?: StepResult['converted']): StepResult {
  return { instance: endedState(instance, instance.nodeId, reason, now, errorCode), commands: [], steps: [], ...(converted ? { converted } : {}) };
}

function nodeOfType<T extends JourneyNode['type']>(definition: JourneyDefinition, id: string, type: T): Extract<JourneyNode, { type: T }> | undefined {
  const node = nodeById(definition, id);
  return node?.type === type ? (node as Extract<JourneyNode, { type: T }>) : undefined;
}

/** The scheduler says the instance is due: a wait that has ended moves on; anything else was woken early. */
function wake(definition: JourneyDefinition, instance: JourneyInstanceState, now: number, ctx: StepContext): StepResult {
  const wait = instance.wait;
  if (!wait) return end(instance, 'failed', now, walkErrorCodes.waitMissing);
  if (wait.kind === 'webhook') return ignore(instance, 'not due yet: a webhook call is in flight');
  if (now < wait.until) return ignore(instance, 'not due yet');
  if (wait.kind === 'event') {
    const node = nodeOfType(definition, wait.nodeId, 'waitForEvent');
    if (!node) return end(instance, 'failed', now, walkErrorCodes.unknownBlock);
    return walk(definition, instance, wait.nodeId, node.onTimeout, 'timeout', now, ctx);
  }
  const node = nodeById(definition, wait.nodeId);
  if (node?.type !== 'waitDuration' && node?.type !== 'waitUntil') return end(instance, 'failed', now, walkErrorCodes.unknownBlock);
  return walk(definition, instance, wait.nodeId, node.next, 'wake', now, ctx);
}

/**
 * A customer event, in this order: the journey's goal (an event from entry
 * to entry + withinDays, both ends included), then an event exit condition
 * (an event at or after entry), then the wait for an event the instance is
 * at (an event from the moment it arrived to the timeout, both included: an
 * event at the timeout's very instant is the event). Otherwise ignored.
 */
function onEvent(definition: JourneyDefinition, instance: JourneyInstanceState, event: JourneyEventInput, now: number, ctx: StepContext): StepResult {
  const goal = definition.goal;
  if (goal && eventMatches(goal, event) && event.occurredAt >= instance.enteredAt && event.occurredAt <= instance.enteredAt + goal.withinDays * dayMs) {
    return end(instance, 'goalReached', now, undefined, { eventId: event.id, eventType: event.type });
  }
  if (event.occurredAt >= instance.enteredAt && definition.exitWhen.some((c) => c.type === 'event' && eventMatches(c, event))) {
    return end(instance, 'exitCondition', now);
  }
  const wait = instance.wait;
  if (wait?.kind === 'event' && event.occurredAt >= wait.since && event.occurredAt <= wait.until) {
    const node = nodeOfType(definition, wait.nodeId, 'waitForEvent');
    if (node && eventMatches(node, event)) return walk(definition, instance, wait.nodeId, node.onEvent, 'event', now, ctx);
  }
  return ignore(instance, 'no goal, exit condition or wait for this event');
}
