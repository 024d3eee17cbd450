import { parseSegmentDefinition, type DefinitionError, type SegmentDefinition, type SegmentNode } from '../../engine/definitions/segment/segment-definition.schema.js';
import { segmentProblem } from '../../engine/definitions/segment/segment-problems.js';
import type { SegmentCondition } from '../../engine/definitions/segment/segment-condition.schema.js';
import { checkGraphStructure } from './check-graph-structure.js';
import { parseLeafCondition } from './parse-leaf-condition.js';
import { isLeafNodeType, type SegmentGraph, type SegmentGraphError, type SegmentGraphNode } from './segment-graph.js';

export type CompileSegmentGraphResult = { ok: true; definition: SegmentDefinition } | { ok: false; errors: SegmentGraphError[] };

/**
 * Canvas graph -> validated segment definition. Pure: the canvas runs it on
 * every change to mark blocks red, the server runs it again before saving,
 * previewing and publishing. All problems are collected (structure and every
 * block's parameters), never just the first.
 */
export function compileSegmentGraph(graph: SegmentGraph): CompileSegmentGraphResult {
  const structure = checkGraphStructure(graph);
  const errors = [...structure.errors];

  // Every condition block is checked, connected or not: it will be connected next.
  const conditions = new Map<string, SegmentCondition>();
  for (const n of graph.nodes) {
    if (!isLeafNodeType(n.type)) continue;
    const r = parseLeafCondition(n as SegmentGraphNode & { type: typeof n.type });
    if (r.ok) conditions.set(n.id, r.condition);
    else errors.push(...r.errors);
  }
  if (errors.length || !structure.rootId) return { ok: false, errors: errors.length ? errors : [segmentProblem('noAudienceInput')] };

  // The structure is a tree now; remember which block each definition path came from.
  const nodeAt = new Map<string, string>();
  const build = (n: SegmentGraphNode, path: string): SegmentNode => {
    nodeAt.set(path, n.id);
    const children = structure.childrenOf.get(n.id) ?? [];
    switch (n.type) {
      case 'and':
      case 'or':
        return { type: n.type, children: children.map((c, i) => build(c, `${path}.children.${i}`)) };
      case 'not':
        return { type: 'not', child: build(children[0], `${path}.child`) };
      case 'attribute':
      case 'holding':
      case 'event':
      case 'segment':
        return conditions.get(n.id)!;
      case 'audience':
        throw new Error('the audience cannot be inside the tree');
      default: {
        const never: never = n.type;
        throw new Error(`unhandled block type ${String(never)}`);
      }
    }
  };
  const root = graph.nodes.find((n) => n.id === structure.rootId)!;
  const parsed = parseSegmentDefinition({ schemaVersion: 1, root: build(root, 'root') });
  if (parsed.ok) return parsed;
  return { ok: false, errors: parsed.errors.map((e) => attachToNode(e, nodeAt)) };
}

/** A definition error names the deepest block whose path prefixes it, e.g. "root.children.1.times" -> that block, "times". */
function attachToNode(e: DefinitionError, nodeAt: Map<string, string>): SegmentGraphError {
  const parts = e.path.split('.');
  for (let k = parts.length; k > 0; k -= 1) {
    const nodeId = nodeAt.get(parts.slice(0, k).join('.'));
    if (nodeId) {
      const rest = parts.slice(k).join('.');
      return { ...e, nodeId, path: rest || undefined, message: rest ? `${rest}: ${e.message}` : e.message };
    }
  }
  return e;
}
