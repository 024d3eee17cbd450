import { parseJourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { depositMaturityJourney, exampleJourneys, fundViewNudgeJourney } from '../../engine/definitions/journey/journey-examples.js';
import { entryColumns, segmentReferences, templateReferenceProblem, templateReferences, unpublishedReferences, type TemplateLineage } from './journey-references.js';

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

describe('template references of a journey', () => {
  test('one per send block, with its channel, path and block', () => {
    const welcome = parsed(exampleJourneys()[0]!.definition);
    expect(templateReferences(welcome)).toEqual([
      { templateId: 1, channel: 'push', path: 'nodes.1.templateId', nodeId: 'welcome-push' },
      { templateId: 2, channel: 'email', path: 'nodes.5.templateId', nodeId: 'guide-email' },
      { templateId: 3, channel: 'sms', path: 'nodes.7.templateId', nodeId: 'reminder-sms' },
    ]);
  });

  test("sendable only when it exists, is of the block's channel (the approved revision's) and its review covers now", () => {
    const now = new Date('2026-12-07T01:00:00Z');
    const ref = { templateId: 9, channel: 'sms', path: 'nodes.1.templateId', nodeId: 'n' };
    const approved = (validFrom: string | null, validUntil: string | null, channel = 'sms') => ({
      channel,
      reviewNumber: '심의필 제2026-001호',
      validFrom: validFrom ? new Date(validFrom) : null,
      validUntil: validUntil ? new Date(validUntil) : null,
    });
    const lineage = (a: TemplateLineage['approved'], channel = 'sms'): TemplateLineage => ({ channel, approved: a });
    expect(templateReferenceProblem(ref, lineage(approved('2026-12-01T00:00:00Z', '2027-12-01T00:00:00Z')), now)).toBeNull();
    expect(templateReferenceProblem(ref, undefined, now)).toEqual({ code: 'templateNotFound', params: { id: 9 } });
    expect(templateReferenceProblem(ref, lineage(null, 'email'), now)).toEqual({ code: 'templateWrongChannel', params: { id: 9, templateChannel: 'email', channel: 'sms' } });
    // The revision named may be an old draft of another channel: what goes out is the approved one.
    expect(templateReferenceProblem(ref, lineage(approved('2026-12-01T00:00:00Z', '2027-12-01T00:00:00Z', 'push'), 'sms'), now)?.code).toBe('templateWrongChannel');
    expect(templateReferenceProblem(ref, lineage(approved('2026-12-01T00:00:00Z', '2027-12-01T00:00:00Z'), 'push'), now)).toBeNull();
    expect(templateReferenceProblem(ref, lineage(null), now)).toEqual({ code: 'templateNotApproved', params: { id: 9 } });
    // Review days are shown as Seoul calendar days.
    expect(templateReferenceProblem(ref, lineage(approved('2025-12-01T00:00:00Z', '2026-12-06T15:00:00Z')), now)).toEqual({
      code: 'templateReviewExpired',
      params: { id: 9, reviewNumber: '심의필 제2026-001호', validUntil: '2026-12-07' },
    });
    expect(templateReferenceProblem(ref, lineage(approved('2025-12-01T00:00:00Z', now.toISOString())), now)?.code).toBe('templateReviewExpired');
    expect(templateReferenceProblem(ref, lineage(approved('2026-12-31T15:00:00Z', '2027-12-01T00:00:00Z')), now)).toEqual({
      code: 'templateReviewNotYetValid',
      params: { id: 9, reviewNumber: '심의필 제2026-001호', validFrom: '2027-01-01' },
    });
  });
});
