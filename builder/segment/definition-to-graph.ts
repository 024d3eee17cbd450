import type { SegmentDefinition, SegmentNode } from '../../engine/definitions/segment/segment-definition.schema.js';
import type { SegmentGraph, SegmentGraphEdge, SegmentGraphNode } from './segment-graph.js';

/** Horizontal distance between a block and its parent, vertical distance between two conditions. */
export const layoutColumnWidth = 300;
export const layoutRowHeight = 120;
export const audienceNodeId = 'audience';

/**
 * Lays a definition out as a canvas: the audience on the right, each group
 * one column to the left of its parent, conditions stacked top to bottom in
 * definition order. Children get strictly increasing y, which is the order
 * the compiler reads them in, so compile(layout(d)) gives d back. Used for
 * definitions posted by API without a canvas and for published versions.
 */
export function definitionToGraph(definition: SegmentDefinition): SegmentGraph {
  const placed: Array<{ node: SegmentGraphNode; depth: number }> = [];
  const edges: SegmentGraphEdge[] = [];
  let nextRow = 0;
  let nextId = 1;

  const place = (n: SegmentNode, depth: number, parentId: string): number => {
    const id = `n${nextId++}`;
    edges.push({ id: `e-${id}-${parentId}`, source: id, target: parentId });
    const entry = { node: { id, type: n.type, position: { x: 0, y: 0 }, data: {} } as SegmentGraphNode, depth };
    placed.push(entry);
    let y: number;
    if (n.type === 'and' || n.type === 'or' || n.type === 'not') {
      const kids = n.type === 'not' ? [n.child] : n.children;
      const ys = kids.map((c) => place(c, depth + 1, id));
      y = (ys[0] + ys[ys.length - 1]) / 2;
    } else {
      const { type: _type, ...params } = n;
      entry.node.data = params as Record<string, unknown>;
      y = nextRow++ * layoutRowHeight;
    }
    entry.node.position.y = y;
    return y;
  };

  const rootY = place(definition.root, 1, audienceNodeId);
  const deepest = Math.max(...placed.map((p) => p.depth));
  for (const p of placed) p.node.position.x = (deepest - p.depth) * layoutColumnWidth;
  const audience: SegmentGraphNode = { id: audienceNodeId, type: 'audience', position: { x: deepest * layoutColumnWidth, y: rootY }, data: {} };
  return { nodes: [audience, ...placed.map((p) => p.node)], edges };
}
