import type { JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import { durationToMinutes } from '../../definitions/journey/journey-duration.js';
import { branchHandle } from '../../definitions/journey/journey-exits.js';
import { assertNeverNode, type JourneyNode } from '../../definitions/journey/journey-node.schema.js';
import type { WaitUntil } from '../../definitions/journey/journey-wait-nodes.schema.js';
import { endedState, waitingState, type InstanceBase } from './instance-state.js';
import type { JourneyCommand, JourneyExitReason, JourneyStepRecord, JourneyWait, StepContext, StepResult } from './journey-step.types.js';
import { splitBranchFor } from './split-assignment.js';
import { nextWindowMoment, resolveWindowZone } from './wait-window.js';

/**
 * The walk through blocks within one input: enter a block, do what it says,
 * follow its exit, until a block holds the instance (a wait, a webhook call
 * in flight) or ends it (goal, exit, a failure). Every block entered counts a
 * visit and leaves a step record; actions leave commands keyed by (block,
 * visit), so a replayed input never sends twice.
 *
 * A block entered a second time within one input is a loop that never
 * waits: the walk records that entry and stops there (`failed`,
 * `loopWithoutWait`) without doing the block again. So one input enters at
 * most `maxStepsPerInput(definition)` blocks. A published journey has no such
 * loop, nor loose exits (graph checks); a draft or a damaged definition ends
 * the instance as failed with a code, never with an exception.
 */

/** The error codes an instance can fail with in the interpreter itself (a webhook's failure brings its own). */
export const walkErrorCodes = {
  unconnectedExit: 'unconnectedExit',
  unknownBlock: 'unknownBlock',
  loopWithoutWait: 'loopWithoutWait',
  noStartBlock: 'noStartBlock',
  invalidDuration: 'invalidDuration',
  invalidDateTime: 'invalidDateTime',
  noWindowMoment: 'noWindowMoment',
  /** A stored waiting state without its wait (damaged). */
  waitMissing: 'waitMissing',
} as const;

/** The most blocks one input can enter: each block once, plus the repeated entry that reveals a loop without a wait. */
export function maxStepsPerInput(definition: Pick<JourneyDefinition, 'nodes'>): number {
  return definition.nodes.length + 1;
}

const indexes = new WeakMap<JourneyDefinition, Map<string, JourneyNode>>();

/** The block with this id (the first one, as the graph checks say), indexed once per definition object. */
export function nodeById(definition: JourneyDefinition, id: string): JourneyNode | undefined {
  let index = indexes.get(definition);
  if (!index) {
    index = new Map();
    for (const node of definition.nodes) if (!index.has(node.id)) index.set(node.id, node);
    indexes.set(definition, index);
  }
  return index.get(id);
}

const minuteMs = 60_000;

/** When a wait-until lets the customer on, arriving at `now` (`now` itself: at once); null when it cannot be computed. */
function waitUntilMoment(until: WaitUntil, now: number, customerZone: string, ctx: StepContext): number | null {
  if (until.kind === 'dateTime') {
    const at = Date.parse(until.at);
    return Number.isNaN(at) ? null : Math.max(now, at);
  }
  return nextWindowMoment({ ...until, timeZone: resolveWindowZone(until.timeZone, customerZone) }, now, (day) => ctx.isHoliday(day));
}

/**
 * Walks from block `from` (where the instance is; '' for a fresh one) along
 * an exit to `target`, moved by `cause`.
 */
export function walk(definition: JourneyDefinition, instance: InstanceBase, from: string, target: string | null, cause: string, now: number, ctx: StepContext): StepResult {
  const base: InstanceBase = { ...instance, visits: { ...instance.visits }, assignments: { ...instance.assignments } };
  const commands: JourneyCommand[] = [];
  const steps: JourneyStepRecord[] = [];
  const entered = new Set<string>();
  let at = from;
  let next: string | null = target;
  let why = cause;

  const end = (reason: JourneyExitReason, errorCode?: string, converted?: StepResult['converted']): StepResult => ({
    instance: endedState(base, at, reason, now, errorCode),
    commands,
    steps,
    ...(converted ? { converted } : {}),
  });
  const hold = (wait: JourneyWait): StepResult => ({ instance: waitingState(definition, base, wait), commands, steps });
  const go = (exit: string | null, exitCause: string) => {
    next = exit;
    why = exitCause;
  };

  for (;;) {
    if (next === null) return end('failed', walkErrorCodes.unconnectedExit);
    const node = nodeById(definition, next);
    if (!node) return end('failed', walkErrorCodes.unknownBlock);
    const visit = (base.visits[node.id] ?? 0) + 1;
    base.visits[node.id] = visit;
    steps.push({ nodeId: node.id, nodeType: node.type, visit, at: now, cause: why });
    at = node.id;
    if (entered.has(node.id)) return end('failed', walkErrorCodes.loopWithoutWait);
    entered.add(node.id);

    switch (node.type) {
      case 'start':
        go(node.next, 'next');
        break;
      case 'sendMessage':
        commands.push({ kind: 'sendMessage', nodeId: node.id, visit, channel: node.channel, templateId: node.templateId });
        go(node.next, 'next');
        break;
      case 'updateCustomer':
        commands.push({ kind: 'updateCustomer', nodeId: node.id, visit, change: node.change });
        go(node.next, 'next');
        break;
      case 'webhook':
        commands.push({ kind: 'callWebhook', nodeId: node.id, visit, url: node.url, payload: [...node.payload] });
        return hold({ kind: 'webhook', nodeId: node.id, visit });
      case 'condition': {
        const holds = ctx.conditionHolds(node.id);
        go(holds ? node.onTrue : node.onFalse, holds ? 'true' : 'false');
        break;
      }
      case 'split': {
        const recorded = node.branches.find((b) => b.id === base.assignments[node.id]);
        const branch = recorded ?? splitBranchFor(node, base.customerNo);
        base.assignments[node.id] = branch.id;
        go(branch.next, branchHandle(branch.id));
        break;
      }
      case 'waitDuration': {
        const minutes = durationToMinutes(node.duration);
        if (minutes === undefined || minutes <= 0) return end('failed', walkErrorCodes.invalidDuration);
        return hold({ kind: 'duration', nodeId: node.id, visit, until: now + minutes * minuteMs });
      }
      case 'waitUntil': {
        const until = waitUntilMoment(node.until, now, base.timeZone, ctx);
        if (until === null) return end('failed', node.until.kind === 'dateTime' ? walkErrorCodes.invalidDateTime : walkErrorCodes.noWindowMoment);
        if (until > now) return hold({ kind: 'until', nodeId: node.id, visit, until });
        go(node.next, 'next');
        break;
      }
      case 'waitForEvent': {
        const minutes = durationToMinutes(node.timeout);
        if (minutes === undefined || minutes <= 0) return end('failed', walkErrorCodes.invalidDuration);
        return hold({ kind: 'event', nodeId: node.id, visit, until: now + minutes * minuteMs, since: now });
      }
      case 'goal':
        return end('goalReached', undefined, { nodeId: node.id });
      case 'exit':
        return end('completed');
      default:
        return assertNeverNode(node);
    }
  }
}
