import { z } from 'zod';
import { attributeConditionSchema, eventConditionSchema, holdingConditionSchema, segmentMembershipConditionSchema, type SegmentCondition } from './segment-condition.schema.js';
import { customIssue, problemOfIssue, type ProblemText } from './segment-problems.js';

/**
 * A segment definition, version 1: a tree of AND / OR / NOT groups over
 * conditions (segment-condition.schema.ts). The canvas compiles to it
 * (builder/segment), both evaluators read it (engine/segments), and
 * published versions store it unchanged forever. A breaking change gets
 * schemaVersion 2 and a migration function, never an edit of this one.
 */

export type SegmentNode = { type: 'and'; children: SegmentNode[] } | { type: 'or'; children: SegmentNode[] } | { type: 'not'; child: SegmentNode } | SegmentCondition;

export const maxSegmentDepth = 12;
export const maxSegmentNodes = 200;

const andGroupSchema = z.object({
  type: z.literal('and'),
  get children() {
    return z.array(segmentNodeSchema).min(1, 'a group needs at least one condition').max(50, 'at most 50 items in a group');
  },
});
const orGroupSchema = z.object({
  type: z.literal('or'),
  get children() {
    return z.array(segmentNodeSchema).min(1, 'a group needs at least one condition').max(50, 'at most 50 items in a group');
  },
});
const notGroupSchema = z.object({
  type: z.literal('not'),
  get child() {
    return segmentNodeSchema;
  },
});

export const segmentNodeSchema: z.ZodType<SegmentNode> = z.discriminatedUnion(
  'type',
  [andGroupSchema, orGroupSchema, notGroupSchema, attributeConditionSchema, holdingConditionSchema, eventConditionSchema, segmentMembershipConditionSchema],
  'a node type: and, or, not, attribute, holding, event or segment',
) as unknown as z.ZodType<SegmentNode>;

function measure(node: SegmentNode, depth: number, acc: { nodes: number; depth: number }): void {
  acc.nodes += 1;
  acc.depth = Math.max(acc.depth, depth);
  if (node.type === 'and' || node.type === 'or') node.children.forEach((c) => measure(c, depth + 1, acc));
  else if (node.type === 'not') measure(node.child, depth + 1, acc);
}

export const segmentDefinitionSchema = z
  .object({
    schemaVersion: z.literal(1, 'schemaVersion must be 1'),
    root: segmentNodeSchema,
  })
  .superRefine((d, ctx) => {
    const size = { nodes: 0, depth: 0 };
    measure(d.root, 1, size);
    if (size.nodes > maxSegmentNodes) ctx.addIssue(customIssue(['root'], 'tooManyBlocks', { max: maxSegmentNodes, count: size.nodes }));
    if (size.depth > maxSegmentDepth) ctx.addIssue(customIssue(['root'], 'tooDeep', { max: maxSegmentDepth }));
  });

export type SegmentDefinition = { schemaVersion: 1; root: SegmentNode };

export interface DefinitionError extends ProblemText {
  /** Dotted path into the definition, e.g. "root.children.1.times". */
  path: string;
}

/** Parses untrusted input; errors come back as data, each with its path. */
export function parseSegmentDefinition(input: unknown): { ok: true; definition: SegmentDefinition } | { ok: false; errors: DefinitionError[] } {
  const r = segmentDefinitionSchema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, definition: r.data as SegmentDefinition };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(definition)', ...problemOfIssue(i) })),
  };
}

/** The ids of the segments a definition refers to (for cycle checks and loading). */
export function referencedSegmentIds(node: SegmentNode): number[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return [...new Set(node.children.flatMap(referencedSegmentIds))];
    case 'not':
      return referencedSegmentIds(node.child);
    case 'segment':
      return [node.segmentId];
    default:
      return [];
  }
}
