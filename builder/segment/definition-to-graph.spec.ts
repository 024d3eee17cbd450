import { parseSegmentDefinition, type SegmentDefinition } from '../../engine/definitions/segment/segment-definition.schema.js';
import { compileSegmentGraph } from './compile-segment-graph.js';
import { definitionToGraph } from './definition-to-graph.js';
import { segmentGraphSchema } from './segment-graph.js';

const parsed = (d: unknown): SegmentDefinition => {
  const r = parseSegmentDefinition(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
};

const definitions: Record<string, SegmentDefinition> = {
  'a single condition': parsed({ schemaVersion: 1, root: { type: 'attribute', field: 'age', op: 'between', min: 30, max: 39 } }),
  'nested groups with every leaf kind': parsed({
    schemaVersion: 1,
    root: {
      type: 'and',
      children: [
        { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL', 'BUSAN'] },
        {
          type: 'or',
          children: [
            { type: 'holding', mode: 'holds', productType: 'FUND', minAmount: 1000000 },
            { type: 'not', child: { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 90 } } },
            { type: 'segment', segmentId: 3 },
          ],
        },
        { type: 'not', child: { type: 'and', children: [{ type: 'attribute', field: 'consentSms', op: 'is', value: false }] } },
        { type: 'attribute', field: 'tags', op: 'hasAny', values: ['VIP'] },
      ],
    },
  }),
};

test.each(Object.entries(definitions))('%s survives layout and compilation unchanged', (_name, d) => {
  const graph = definitionToGraph(d);
  expect(segmentGraphSchema.safeParse(graph).success).toBe(true);
  expect(compileSegmentGraph(graph)).toEqual({ ok: true, definition: d });
});

test('the layout puts the audience right of everything and no two blocks on the same spot', () => {
  const g = definitionToGraph(definitions['nested groups with every leaf kind']);
  const audience = g.nodes.find((n) => n.type === 'audience')!;
  for (const n of g.nodes) if (n !== audience) expect(n.position.x).toBeLessThan(audience.position.x);
  const spots = new Set(g.nodes.map((n) => `${n.position.x},${n.position.y}`));
  expect(spots.size).toBe(g.nodes.length);
  expect(g.edges.every((e) => g.nodes.some((n) => n.id === e.source) && g.nodes.some((n) => n.id === e.target))).toBe(true);
});
