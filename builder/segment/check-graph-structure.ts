import { segmentProblem } from '../../engine/definitions/segment/segment-problems.js';
import { isLeafNodeType, type SegmentGraph, type SegmentGraphError, type SegmentGraphNode } from './segment-graph.js';

export interface GraphStructure {
  errors: SegmentGraphError[];
  /** The node feeding the audience, when there is exactly one audience with exactly one input. */
  rootId?: string;
  /** Each node's inputs, ordered top to bottom then left to right as drawn. */
  childrenOf: Map<string, SegmentGraphNode[]>;
}

/** Top to bottom, then left to right, then by id: the order the marketer sees, made deterministic. */
const byPosition = (a: SegmentGraphNode, b: SegmentGraphNode) => a.position.y - b.position.y || a.position.x - b.position.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Checks the shape of the canvas, not the parameters of its blocks: one
 * audience with one input, a tree (one parent each, no loops), every block
 * connected to the audience, groups with the right number of inputs, leaves
 * without inputs. Every problem is reported, each on its block.
 */
export function checkGraphStructure(graph: SegmentGraph): GraphStructure {
  const errors: SegmentGraphError[] = [];
  const nodes = new Map<string, SegmentGraphNode>();
  for (const n of graph.nodes) {
    if (nodes.has(n.id)) errors.push({ nodeId: n.id, ...segmentProblem('duplicateBlockId') });
    else nodes.set(n.id, n);
  }

  const inputs = new Map<string, SegmentGraphNode[]>([...nodes.keys()].map((k) => [k, []]));
  const outputs = new Map<string, SegmentGraphNode[]>([...nodes.keys()].map((k) => [k, []]));
  const seen = new Set<string>();
  for (const e of graph.edges) {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    if (!source || !target) {
      const missing = [!source && e.source, !target && e.target].filter(Boolean).join(', ');
      errors.push({ nodeId: source?.id ?? target?.id, ...segmentProblem('unknownConnection', { missing }) });
      continue;
    }
    const key = `${e.source}\u0000${e.target}`;
    if (seen.has(key)) {
      errors.push({ nodeId: e.source, ...segmentProblem('connectedTwice') });
      continue;
    }
    seen.add(key);
    inputs.get(target.id)!.push(source);
    outputs.get(source.id)!.push(target);
  }

  const audiences = [...nodes.values()].filter((n) => n.type === 'audience');
  if (audiences.length === 0) errors.push(segmentProblem('noAudience'));
  audiences.slice(1).forEach((a) => errors.push({ nodeId: a.id, ...segmentProblem('oneAudience') }));
  const audience = audiences[0];

  for (const n of nodes.values()) {
    const ins = inputs.get(n.id)!.length;
    const outs = outputs.get(n.id)!.length;
    if (n.type === 'audience') {
      if (outs > 0) errors.push({ nodeId: n.id, ...segmentProblem('audienceNoOutput') });
      if (ins === 0) errors.push({ nodeId: n.id, ...segmentProblem('audienceEmpty') });
      if (ins > 1) errors.push({ nodeId: n.id, ...segmentProblem('audienceOneInput', { count: ins }) });
      continue;
    }
    if (outs > 1) errors.push({ nodeId: n.id, ...segmentProblem('oneParent', { count: outs }) });
    if (isLeafNodeType(n.type)) {
      if (ins > 0) errors.push({ nodeId: n.id, ...segmentProblem('conditionNoInputs') });
    } else if (n.type === 'not') {
      if (ins !== 1) errors.push({ nodeId: n.id, ...segmentProblem('notOneInput', { count: ins }) });
    } else if (ins === 0) {
      errors.push({ nodeId: n.id, ...segmentProblem('emptyGroup', { group: n.type.toUpperCase() }) });
    }
  }

  const inCycle = findCycleMembers(nodes, outputs);
  for (const id of inCycle) errors.push({ nodeId: id, ...segmentProblem('inLoop') });

  // Reachable from the audience by walking inputs: everything else does not count yet.
  const reached = new Set<string>();
  const stack = audience ? [audience.id] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const c of inputs.get(id)!) stack.push(c.id);
  }
  for (const n of nodes.values()) {
    if (n.type !== 'audience' && !reached.has(n.id) && !inCycle.has(n.id)) {
      errors.push({ nodeId: n.id, ...segmentProblem('notConnected') });
    }
  }

  const childrenOf = new Map([...inputs].map(([k, v]) => [k, [...v].sort(byPosition)]));
  const audienceInputs = audience ? inputs.get(audience.id)! : [];
  return { errors, childrenOf, rootId: audienceInputs.length === 1 && audiences.length === 1 ? audienceInputs[0].id : undefined };
}

/** Nodes on a directed cycle of child -> parent connections (iterative colour DFS). */
function findCycleMembers(nodes: Map<string, SegmentGraphNode>, outputs: Map<string, SegmentGraphNode[]>): Set<string> {
  const state = new Map<string, 'open' | 'done'>();
  const members = new Set<string>();
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const frames: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (frames.length) {
      const f = frames[frames.length - 1];
      const outs = outputs.get(f.id)!;
      if (f.next >= outs.length) {
        state.set(f.id, 'done');
        frames.pop();
        path.pop();
        continue;
      }
      const t = outs[f.next++].id;
      const s = state.get(t);
      if (s === 'open') path.slice(path.indexOf(t)).forEach((id) => members.add(id));
      else if (s === undefined) {
        state.set(t, 'open');
        path.push(t);
        frames.push({ id: t, next: 0 });
      }
    }
  }
  return members;
}
