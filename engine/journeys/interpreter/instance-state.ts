import type { JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import type { JourneyExitReason, JourneyInstanceState, JourneyWait, NewJourneyInstanceState } from './journey-step.types.js';

/** Building states: a fresh one, a waiting one (with its due time), an ended one. Every state returned is a new object. */

export const dayMs = 86_400_000;

/** The fields an instance keeps whatever its status. */
export type InstanceBase = Pick<JourneyInstanceState, 'customerNo' | 'timeZone' | 'enteredAt' | 'visits' | 'assignments'>;

/**
 * A fresh instance, not yet at any block: give it to `step` with the `start`
 * input, which walks it from the start block and returns it waiting or ended.
 * It has status `new` (not `waiting`: it waits for nothing) and is never stored.
 */
export function newInstanceState(init: { customerNo: string; timeZone: string; enteredAt: number }): NewJourneyInstanceState {
  return {
    customerNo: init.customerNo,
    timeZone: init.timeZone,
    enteredAt: init.enteredAt,
    status: 'new',
    nodeId: null,
    wait: null,
    dueAt: null,
    visits: {},
    assignments: {},
    outcome: null,
  };
}

/** When the instance must end with `maxDuration`: its entry plus the journey's maximum duration. */
export function deadlineOf(definition: Pick<JourneyDefinition, 'maxDurationDays'>, instance: Pick<JourneyInstanceState, 'enteredAt'>): number {
  return instance.enteredAt + definition.maxDurationDays * dayMs;
}

/** When the scheduler must wake a waiting instance: the end of its wait or its deadline, whichever comes first. */
export function dueAtOf(definition: Pick<JourneyDefinition, 'maxDurationDays'>, instance: Pick<JourneyInstanceState, 'enteredAt'>, wait: JourneyWait): number {
  const deadline = deadlineOf(definition, instance);
  return wait.kind === 'webhook' ? deadline : Math.min(wait.until, deadline);
}

const baseOf = (i: InstanceBase): InstanceBase => ({
  customerNo: i.customerNo,
  timeZone: i.timeZone,
  enteredAt: i.enteredAt,
  visits: { ...i.visits },
  assignments: { ...i.assignments },
});

export function waitingState(definition: Pick<JourneyDefinition, 'maxDurationDays'>, instance: InstanceBase, wait: JourneyWait): JourneyInstanceState {
  return { ...baseOf(instance), status: 'waiting', nodeId: wait.nodeId, wait, dueAt: dueAtOf(definition, instance, wait), outcome: null };
}

export function endedState(instance: InstanceBase, nodeId: string, reason: JourneyExitReason, at: number, errorCode?: string): JourneyInstanceState {
  return {
    ...baseOf(instance),
    status: 'ended',
    nodeId,
    wait: null,
    dueAt: null,
    outcome: errorCode === undefined ? { reason, at } : { reason, errorCode, at },
  };
}
