import { parseJourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { depositMaturityJourney, exampleJourneys, fundViewNudgeJourney } from '../../engine/definitions/journey/journey-examples.js';
import { entryColumns, segmentReferences, unpublishedReferences } from './journey-references.js';

const parsed = (input: unknown) => {
  const r = parseJourneyDefinition(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.definition;
};

describe('segment references of a journey', () => {
  test('entry, exit conditions and condition blocks at any depth, each with its path and block', () => {
    const d = parsed({
      version: 1,
      entry: { type: 'schedule', segmentId: 3, schedule: { kind: 'once', at: '2026-12-01T10:00:00+09:00' } },
      exitWhen: [
        { type: 'event', eventType: 'x.y' },
        { type: 'segmentExited', segmentId: 4 },
      ],
      nodes: [
        { id: 'start', type: 'start', next: 'c' },
        {
          id: 'c',
          type: 'condition',
          onTrue: 'end',
          onFalse: 'end',
          condition: {
            type: 'and',
            children: [
              { type: 'segment', segmentId: 5 },
              {
                type: 'not',
                child: {
                  type: 'or',
                  children: [
                    { type: 'segment', segmentId: 6 },
                    { type: 'segment', segmentId: 5 },
                  ],
                },
              },
            ],
          },
        },
        { id: 'end', type: 'exit' },
      ],
    });
    expect(segmentReferences(d)).toEqual([
      { segmentId: 3, path: 'entry.segmentId' },
      { segmentId: 4, path: 'exitWhen.1.segmentId' },
      { segmentId: 5, path: 'nodes.1.condition', nodeId: 'c' },
      { segmentId: 6, path: 'nodes.1.condition', nodeId: 'c' },
    ]);
  });

  test('the demo journeys: only the maturity journey names a segment (entry and exit condition)', () => {
    expect(segmentReferences(parsed(depositMaturityJourney().definition)).map((r) => r.path)).toEqual(['entry.segmentId', 'exitWhen.0.segmentId']);
    expect(segmentReferences(parsed(fundViewNudgeJourney().definition))).toEqual([]);
  });

  test('unpublished: missing, DRAFT or ARCHIVED segments', () => {
    const refs = [
      { segmentId: 1, path: 'a' },
      { segmentId: 2, path: 'b' },
      { segmentId: 3, path: 'c' },
      { segmentId: 4, path: 'd' },
    ];
    const status = new Map([
      [1, 'PUBLISHED'],
      [2, 'DRAFT'],
      [3, 'ARCHIVED'],
    ]);
    expect(unpublishedReferences(refs, status).map((r) => r.segmentId)).toEqual([2, 3, 4]);
  });

  test('entry columns copied onto the journey row', () => {
    const [welcome, maturity] = exampleJourneys().map((j) => parsed(j.definition));
    expect(entryColumns(welcome!)).toEqual({ entryType: 'event', entryEventType: 'app.signup', entrySegmentId: null });
    expect(entryColumns(maturity!)).toEqual({ entryType: 'schedule', entryEventType: null, entrySegmentId: 3 });
    expect(entryColumns(parsed({ version: 1, entry: { type: 'api' }, nodes: [{ id: 's', type: 'start' }] }))).toEqual({
      entryType: 'api',
      entryEventType: null,
      entrySegmentId: null,
    });
  });
});
