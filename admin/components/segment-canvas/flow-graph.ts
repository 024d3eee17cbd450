import type { Edge, Node } from '@xyflow/react';
import { customerFields, operatorsByKind, type CustomerFieldName } from '../../../engine/definitions/segment/customer-fields.js';
import type { SegmentGraph, SegmentGraphNodeType } from '../../../builder/segment/segment-graph.js';

/**
 * Conversions between React Flow's nodes and edges and the stored
 * SegmentGraph, and the parameters a freshly dropped block starts with.
 * React Flow decorates nodes (selected, measured, dragging); only the
 * contract's fields are stored.
 */

export type FlowNode = Node<Record<string, unknown>, SegmentGraphNodeType>;
export interface FlowState {
  nodes: FlowNode[];
  edges: Edge[];
}

export const audienceId = 'audience';

export function toSegmentGraph(s: FlowState): SegmentGraph {
  return {
    nodes: s.nodes.map((n) => ({ id: n.id, type: n.type as SegmentGraphNodeType, position: { x: n.position.x, y: n.position.y }, data: n.data })),
    edges: s.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

export function fromSegmentGraph(g: SegmentGraph | null): FlowState {
  const nodes: FlowNode[] = (g?.nodes ?? []).map((n) => ({
    id: n.id,
    type: n.type,
    position: n.position,
    data: n.data,
    deletable: n.type !== 'audience',
  }));
  // The audience (result) is always on the canvas; on an empty one it sits on the right, leaving room for conditions.
  if (!nodes.some((n) => n.type === 'audience')) {
    nodes.push({ id: audienceId, type: 'audience', position: { x: 520, y: 250 }, data: {}, deletable: false });
  }
  return { nodes, edges: (g?.edges ?? []).map((e) => ({ id: e.id, source: e.source, target: e.target })) };
}

/** Parameters a new block starts with: complete where a sensible default exists, so only the real choice is left. */
export function initialData(type: SegmentGraphNodeType, firstEventType?: string): Record<string, unknown> {
  switch (type) {
    case 'attribute':
      return attributeDefaults('region');
    case 'holding':
      return { mode: 'holds' };
    case 'event':
      return { eventType: firstEventType ?? '', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 }, where: [] };
    case 'segment':
      return {};
    case 'audience':
    case 'and':
    case 'or':
    case 'not':
      return {};
    default: {
      const never: never = type;
      throw new Error(`unhandled block type ${String(never)}`);
    }
  }
}

/** Choosing another field resets the operator and the values, which would not fit it. */
export function attributeDefaults(field: CustomerFieldName, op?: string): Record<string, unknown> {
  const kind = customerFields[field].kind;
  const chosen = op ?? operatorsByKind[kind][0];
  if (kind === 'boolean') return { field, op: chosen, value: true };
  if (kind === 'date' && chosen === 'withinLastDays') return { field, op: chosen, days: 30 };
  return { field, op: chosen };
}

let counter = 0;
export const newNodeId = (type: string) => `${type}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
