import { compileSegmentGraph } from './compile-segment-graph.js';
import type { SegmentGraph, SegmentGraphNode } from './segment-graph.js';

const node = (id: string, type: SegmentGraphNode['type'], y = 0, data: Record<string, unknown> = {}, x = 0): SegmentGraphNode => ({ id, type, position: { x, y }, data });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });
const seoul = { field: 'region', op: 'in', values: ['SEOUL'] };
const sms = { field: 'consentSms', op: 'is', value: true };
const visited = { eventType: 'app.login', op: 'atLeast', times: 2, window: { kind: 'lastDays', days: 30 } };

const errorsOf = (g: SegmentGraph) => {
  const r = compileSegmentGraph(g);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

test('an AND of two conditions compiles, children in drawn order (top to bottom)', () => {
  const g: SegmentGraph = {
    nodes: [node('a', 'audience'), node('g', 'and'), node('low', 'attribute', 200, sms), node('high', 'attribute', 10, seoul)],
    edges: [edge('low', 'g'), edge('high', 'g'), edge('g', 'a')],
  };
  expect(compileSegmentGraph(g)).toEqual({
    ok: true,
    definition: {
      schemaVersion: 1,
      root: {
        type: 'and',
        children: [
          { type: 'attribute', ...seoul },
          { type: 'attribute', ...sms },
        ],
      },
    },
  });
});

test('same height: left before right; NOT wraps its one input; event defaults are filled in', () => {
  const g: SegmentGraph = {
    nodes: [node('a', 'audience'), node('o', 'or'), node('n', 'not', 0, {}, 50), node('e', 'event', 0, visited, 0), node('s', 'segment', 0, { segmentId: 7 }, 10)],
    edges: [edge('e', 'n'), edge('n', 'o'), edge('s', 'o'), edge('o', 'a')],
  };
  const r = compileSegmentGraph(g);
  expect(r.ok && r.definition.root).toEqual({
    type: 'or',
    children: [
      { type: 'segment', segmentId: 7 },
      { type: 'not', child: { type: 'event', ...visited, where: [] } },
    ],
  });
});

test('a leaf parameter error names the field and sits on its block; other problems are reported too', () => {
  const g: SegmentGraph = {
    nodes: [node('a', 'audience'), node('g', 'and'), node('e', 'event', 0, { ...visited, times: -1 }), node('loose', 'attribute', 0, seoul)],
    edges: [edge('e', 'g'), edge('g', 'a')],
  };
  const errors = errorsOf(g);
  expect(errors).toContainEqual({ nodeId: 'e', path: 'times', message: 'times: a count is not negative', code: 'tooSmall', params: { minimum: 0 } });
  expect(errors).toContainEqual({ nodeId: 'loose', message: 'this block is not connected to the audience', code: 'notConnected' });
});

test('an operator that does not fit the field is refused on the block', () => {
  const errors = errorsOf({ nodes: [node('a', 'audience'), node('x', 'attribute', 0, { field: 'region', op: 'gte', value: 3 })], edges: [edge('x', 'a')] });
  expect(errors).toEqual([expect.objectContaining({ nodeId: 'x', path: 'op' })]);
});

test('no audience, two audiences', () => {
  expect(errorsOf({ nodes: [node('x', 'attribute', 0, seoul)], edges: [] }).map((e) => e.message)).toContain('the canvas has no audience (result) block');
  const two = errorsOf({ nodes: [node('a', 'audience'), node('b', 'audience'), node('x', 'attribute', 0, seoul)], edges: [edge('x', 'a')] });
  expect(two).toContainEqual({ nodeId: 'b', message: 'only one audience (result) block is allowed', code: 'oneAudience' });
});

test('audience without input, and with two inputs', () => {
  expect(errorsOf({ nodes: [node('a', 'audience')], edges: [] })).toEqual([{ nodeId: 'a', message: 'connect one condition or group to the audience', code: 'audienceEmpty' }]);
  const two = errorsOf({ nodes: [node('a', 'audience'), node('x', 'attribute', 0, seoul), node('y', 'attribute', 1, sms)], edges: [edge('x', 'a'), edge('y', 'a')] });
  expect(two).toEqual([expect.objectContaining({ nodeId: 'a', message: expect.stringContaining('exactly one input'), code: 'audienceOneInput', params: { count: 2 } })]);
});

test('a block with two parents, a leaf with an input, empty groups, NOT with two inputs', () => {
  const g: SegmentGraph = {
    nodes: [
      node('a', 'audience'),
      node('root', 'and'),
      node('o', 'or', 1),
      node('n', 'not', 2),
      node('x', 'attribute', 3, seoul),
      node('y', 'attribute', 4, sms),
      node('z', 'attribute', 5, sms),
      node('empty', 'or', 6),
    ],
    edges: [edge('root', 'a'), edge('o', 'root'), edge('n', 'root'), edge('x', 'o'), edge('x', 'n'), edge('y', 'n'), edge('z', 'x'), edge('empty', 'root')],
  };
  const errors = errorsOf(g);
  const on = (id: string) => errors.filter((e) => e.nodeId === id).map((e) => e.message);
  expect(on('x')).toEqual(expect.arrayContaining([expect.stringContaining('one parent only'), expect.stringContaining('takes no inputs')]));
  expect(on('n')).toEqual([expect.stringContaining('NOT takes exactly one input (it has 2)')]);
  expect(on('empty')).toEqual([expect.stringContaining('OR group is empty')]);
});

test('a loop is reported on each of its blocks, not as "unconnected"', () => {
  const g: SegmentGraph = {
    nodes: [node('a', 'audience'), node('x', 'attribute', 0, seoul), node('p', 'and'), node('q', 'or')],
    edges: [edge('x', 'a'), edge('p', 'q'), edge('q', 'p')],
  };
  const errors = errorsOf(g);
  expect(
    errors
      .filter((e) => e.message === 'this block is part of a loop')
      .map((e) => e.nodeId)
      .sort(),
  ).toEqual(['p', 'q']);
  expect(errors.some((e) => e.message.includes('not connected'))).toBe(false);
});

test('a connection to an unknown block is an error on the known end', () => {
  const errors = errorsOf({ nodes: [node('a', 'audience'), node('x', 'attribute', 0, seoul)], edges: [edge('x', 'a'), edge('ghost', 'a')] });
  expect(errors).toEqual([{ nodeId: 'a', message: 'a connection leads to an unknown block (ghost)', code: 'unknownConnection', params: { missing: 'ghost' } }]);
});

test('definition limits are mapped back to a block (groups nested too deep)', () => {
  const nodes: SegmentGraphNode[] = [node('a', 'audience'), node('x', 'attribute', 0, seoul)];
  const edges = [];
  let child = 'x';
  for (let i = 0; i < 13; i += 1) {
    nodes.push(node(`n${i}`, 'not'));
    edges.push(edge(child, `n${i}`));
    child = `n${i}`;
  }
  edges.push(edge(child, 'a'));
  const errors = errorsOf({ nodes, edges });
  expect(errors).toEqual([{ nodeId: 'n12', message: 'groups nest at most 12 deep', code: 'tooDeep', params: { max: 12 } }]);
});
