import type { z } from 'zod';
import {
  attributeConditionSchema,
  eventConditionSchema,
  holdingConditionSchema,
  segmentMembershipConditionSchema,
  type SegmentCondition,
} from '../../engine/definitions/segment/segment-condition.schema.js';
import { problemOfIssue } from '../../engine/definitions/segment/segment-problems.js';
import type { LeafNodeType, SegmentGraphError, SegmentGraphNode } from './segment-graph.js';

const schemaByType: Record<LeafNodeType, z.ZodType> = {
  attribute: attributeConditionSchema,
  holding: holdingConditionSchema,
  event: eventConditionSchema,
  segment: segmentMembershipConditionSchema,
};

/**
 * Validates one condition block's parameters with the definition's own
 * schema, so the canvas can never accept what the engine would refuse. Each
 * message starts with the parameter it is about ("times: a count is not
 * negative") because the marketer reads it on the block, not in a log.
 */
export function parseLeafCondition(node: SegmentGraphNode & { type: LeafNodeType }): { ok: true; condition: SegmentCondition } | { ok: false; errors: SegmentGraphError[] } {
  // The node type is authoritative; a stray `type` in data must not override it.
  const r = schemaByType[node.type].safeParse({ ...node.data, type: node.type }, { reportInput: true });
  if (r.success) return { ok: true, condition: r.data as SegmentCondition };
  return {
    ok: false,
    errors: r.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      return { nodeId: node.id, path: path || undefined, ...problemOfIssue(i), message: path ? `${path}: ${i.message}` : i.message };
    }),
  };
}
