import { z } from 'zod';
import type { ProblemText } from '../../engine/definitions/segment/segment-problems.js';

/**
 * The segment canvas as the server stores it (JSON) and the compiler reads
 * it. Edges run from a child (source, its output handle on the right) to its
 * parent (target, input handle on the left); the single `audience` node is
 * the result and its one input is the root of the definition. A leaf's
 * `data` holds its condition's parameters without `type` (the node type says
 * it); groups and the audience carry empty data.
 */

export const groupNodeTypes = ['and', 'or', 'not'] as const;
export const leafNodeTypes = ['attribute', 'holding', 'event', 'segment'] as const;
export const segmentGraphNodeTypes = ['audience', ...groupNodeTypes, ...leafNodeTypes] as const;

export type GroupNodeType = (typeof groupNodeTypes)[number];
export type LeafNodeType = (typeof leafNodeTypes)[number];
export type SegmentGraphNodeType = (typeof segmentGraphNodeTypes)[number];

export interface SegmentGraphNode {
  id: string;
  type: SegmentGraphNodeType;
  position: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface SegmentGraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface SegmentGraph {
  nodes: SegmentGraphNode[];
  edges: SegmentGraphEdge[];
}

/** One compile problem, attached to the block the marketer has to fix when there is one. */
export interface SegmentGraphError extends ProblemText {
  nodeId?: string;
  /** The offending parameter (e.g. "window.days") or, without a node, the definition path. */
  path?: string;
}

export const maxGraphNodes = 300;
export const maxGraphEdges = 600;

const id = z.string().min(1, 'an id may not be empty').max(100, 'an id has at most 100 characters');
const coordinate = z.number().finite().min(-1_000_000).max(1_000_000);

/**
 * Untrusted input (API bodies, stored drafts). Extra keys React Flow adds to
 * nodes (measured, selected, ...) are dropped, so what is stored is only
 * the contract above.
 */
export const segmentGraphSchema = z.object({
  nodes: z
    .array(
      z.object({
        id,
        type: z.enum(segmentGraphNodeTypes, `a block type: ${segmentGraphNodeTypes.join(', ')}`),
        position: z.object({ x: coordinate, y: coordinate }),
        data: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .max(maxGraphNodes, `at most ${maxGraphNodes} blocks`),
  edges: z.array(z.object({ id, source: id, target: id })).max(maxGraphEdges, `at most ${maxGraphEdges} connections`),
});

export const isLeafNodeType = (t: SegmentGraphNodeType): t is LeafNodeType => (leafNodeTypes as readonly string[]).includes(t);
