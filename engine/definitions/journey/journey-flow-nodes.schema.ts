import { z } from 'zod';
import { maxSegmentDepth, maxSegmentNodes, segmentNodeSchema, type SegmentNode } from '../segment/segment-definition.schema.js';
import { journeyIssue } from './journey-problems.js';
import { edgeSchema, labelSchema, nodeIdSchema } from './journey-fields.js';

/** The blocks that route a customer: where they start, which way they go, and where they end. */

/** Where every instance begins; `next` is the first step. The entry rule itself is the journey's `entry`. */
export const startNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('start'),
  label: labelSchema,
  next: edgeSchema,
});

function measure(node: SegmentNode, depth: number, acc: { nodes: number; depth: number }): void {
  acc.nodes += 1;
  acc.depth = Math.max(acc.depth, depth);
  if (node.type === 'and' || node.type === 'or') node.children.forEach((c) => measure(c, depth + 1, acc));
  else if (node.type === 'not') measure(node.child, depth + 1, acc);
}

/**
 * A segment condition (attribute, holding, event counts, segment membership,
 * in AND / OR / NOT groups, exactly as in a segment definition), evaluated for
 * this customer when they arrive: `onTrue` or `onFalse`.
 */
export const conditionNodeSchema = z
  .object({
    id: nodeIdSchema,
    type: z.literal('condition'),
    label: labelSchema,
    condition: segmentNodeSchema,
    onTrue: edgeSchema,
    onFalse: edgeSchema,
  })
  .superRefine((n, ctx) => {
    const size = { nodes: 0, depth: 0 };
    measure(n.condition, 1, size);
    if (size.nodes > maxSegmentNodes) ctx.addIssue(journeyIssue(['condition'], 'tooManyBlocks', { max: maxSegmentNodes, count: size.nodes }));
    if (size.depth > maxSegmentDepth) ctx.addIssue(journeyIssue(['condition'], 'tooDeep', { max: maxSegmentDepth }));
  });

export const splitBranchSchema = z.object({
  /** Stable across edits, so a customer's recorded assignment keeps its meaning; the canvas's handle id. */
  id: nodeIdSchema,
  label: labelSchema,
  /** Percent of customers; a split's weights add up to 100 (a graph check). 0 parks a branch. */
  weight: z.number().int().min(0).max(100),
  next: edgeSchema,
});

/**
 * A/B/n: each customer goes down one branch with the branches' weights. The
 * runtime makes the assignment deterministic per customer (a hash of the
 * journey, the block and the customer) and records it.
 */
export const splitNodeSchema = z
  .object({
    id: nodeIdSchema,
    type: z.literal('split'),
    label: labelSchema,
    branches: z.array(splitBranchSchema).min(2, 'at least 2 branches').max(10, 'at most 10 branches'),
  })
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    n.branches.forEach((b, i) => {
      if (seen.has(b.id)) ctx.addIssue(journeyIssue(['branches', i, 'id'], 'duplicateBranchId', { branch: b.id }));
      seen.add(b.id);
    });
  });

/** The customer reached the goal here: the instance ends as converted. */
export const goalNodeSchema = z.object({ id: nodeIdSchema, type: z.literal('goal'), label: labelSchema });

/** The instance ends here, not converted. */
export const exitNodeSchema = z.object({ id: nodeIdSchema, type: z.literal('exit'), label: labelSchema });

export type StartNode = z.output<typeof startNodeSchema>;
export type ConditionNode = z.output<typeof conditionNodeSchema>;
export type SplitBranch = z.output<typeof splitBranchSchema>;
export type SplitNode = z.output<typeof splitNodeSchema>;
export type GoalNode = z.output<typeof goalNodeSchema>;
export type ExitNode = z.output<typeof exitNodeSchema>;
