import { z } from 'zod';
import {
  sendMessageNodeSchema,
  updateCustomerNodeSchema,
  webhookNodeSchema,
  type SendMessageNode,
  type UpdateCustomerNode,
  type WebhookNode,
} from './journey-action-nodes.schema.js';
import {
  conditionNodeSchema,
  exitNodeSchema,
  goalNodeSchema,
  splitNodeSchema,
  startNodeSchema,
  type ConditionNode,
  type ExitNode,
  type GoalNode,
  type SplitNode,
  type StartNode,
} from './journey-flow-nodes.schema.js';
import {
  waitDurationNodeSchema,
  waitForEventNodeSchema,
  waitUntilNodeSchema,
  type WaitDurationNode,
  type WaitForEventNode,
  type WaitUntilNode,
} from './journey-wait-nodes.schema.js';

/**
 * One block of a journey, told apart by `type`. Blocks refer to each other by
 * id through their exits (see journey-exits.ts); nothing else links them.
 */
export const journeyNodeSchema = z.discriminatedUnion('type', [
  startNodeSchema,
  waitDurationNodeSchema,
  waitUntilNodeSchema,
  waitForEventNodeSchema,
  conditionNodeSchema,
  splitNodeSchema,
  sendMessageNodeSchema,
  updateCustomerNodeSchema,
  webhookNodeSchema,
  goalNodeSchema,
  exitNodeSchema,
]);

export type JourneyNode =
  StartNode | WaitDurationNode | WaitUntilNode | WaitForEventNode | ConditionNode | SplitNode | SendMessageNode | UpdateCustomerNode | WebhookNode | GoalNode | ExitNode;

export type JourneyNodeType = JourneyNode['type'];

export const journeyNodeTypes = [
  'start',
  'waitDuration',
  'waitUntil',
  'waitForEvent',
  'condition',
  'split',
  'sendMessage',
  'updateCustomer',
  'webhook',
  'goal',
  'exit',
] as const satisfies readonly JourneyNodeType[];

// The schema's output and the hand-written union must agree both ways.
type SchemaNode = z.output<typeof journeyNodeSchema>;
const _sameNodes: [SchemaNode, JourneyNode] extends [JourneyNode, SchemaNode] ? true : never = true;
void _sameNodes;
// ...and the list of types must name every member.
const _allTypes: Exclude<JourneyNodeType, (typeof journeyNodeTypes)[number]> extends never ? true : never = true;
void _allTypes;

/** For the end of every switch over a block type: a new type fails to compile until handled. */
export function assertNeverNode(node: never): never {
  throw new Error(`unhandled journey block type ${String((node as { type?: unknown })?.type)}`);
}
