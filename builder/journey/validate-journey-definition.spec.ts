import fc from 'fast-check';
import { exampleJourneys } from '../../engine/definitions/journey/journey-examples.js';
import { isJourneyProblemCode, renderJourneyProblem } from '../../engine/definitions/journey/journey-problems.js';
import { journeyNodeTypes } from '../../engine/definitions/journey/journey-node.schema.js';
import { validateJourneyDefinition } from './validate-journey-definition.js';

const hangul = /[\uAC00-\uD7A3]/;

test.each(exampleJourneys().map((j) => [j.key, j] as const))('the example journey %s validates cleanly', (_key, example) => {
  const r = validateJourneyDefinition(example.definition);
  expect(r.ok ? [] : r.problems).toEqual([]);
});

test('the examples together use every entry kind they promise and the wait-for-event, split and business-day blocks', () => {
  const [welcome, deposit, fund] = exampleJourneys().map((j) => validateJourneyDefinition(j.definition));
  if (!welcome.ok || !deposit.ok || !fund.ok) throw new Error('examples must validate');
  expect(welcome.definition.entry.type).toBe('event');
  expect(deposit.definition.entry).toMatchObject({ type: 'schedule', schedule: { kind: 'recurring', cron: '0 10 * * MON', timeZone: 'Asia/Seoul' } });
  expect(fund.definition.nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['waitForEvent', 'split', 'goal']));
  expect(deposit.definition.nodes).toContainEqual(expect.objectContaining({ type: 'waitUntil', until: expect.objectContaining({ nextBusinessDay: true }) }));
});

test('schema problems come first; graph checks run only on a definition that parses', () => {
  const r = validateJourneyDefinition({ version: 1, entry: { type: 'api' }, nodes: [{ id: 'w', type: 'waitDuration', duration: 'soon' }] });
  expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['durationFormat']);
  const g = validateJourneyDefinition({ version: 1, entry: { type: 'api' }, nodes: [{ id: 'w', type: 'waitDuration', duration: 'P1D' }] });
  expect(g.ok ? [] : g.problems.map((p) => p.code)).toEqual(['noStart', 'exitUnconnected']);
});

/** Mostly a valid value, now and then a wrong one, so that many random journeys parse and reach the graph checks. */
const mostly = <T>(valid: readonly T[], wrong: readonly T[]) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });

/**
 * Random journeys near the valid ones: real block types with mostly valid
 * parameters and random exits among a few ids (some missing, some null),
 * plus plain junk. Whatever comes in, every problem has a known code and
 * texts in both languages with nothing left unfilled, and every graph
 * problem shows up along the way.
 */
test('random definitions yield only known codes with complete texts in both languages', () => {
  const edge = fc.option(mostly(['start', 'a', 'b', 'c', 'd', 'missing'], ['bad id']), { nil: null, freq: 8 });
  const node = fc.record({
    id: mostly(['start', 'a', 'b', 'c', 'd'], ['bad id']),
    type: mostly(journeyNodeTypes, ['sleep']),
    next: edge,
    onTrue: edge,
    onFalse: edge,
    onEvent: edge,
    onTimeout: edge,
    duration: mostly(['PT5M', 'P1D', 'P40D'], ['PT0M', '1d']),
    timeout: mostly(['P3D', 'P40D'], ['x', undefined]),
    until: fc.oneof(
      fc.record({ kind: fc.constant('dateTime'), at: mostly(['2026-12-01T10:00:00+09:00'], ['2026-12-01']) }),
      fc.record({
        kind: fc.constant('window'),
        from: mostly(['10:00'], ['9:00']),
        to: mostly(['11:00', undefined], ['08:00']),
        nextBusinessDay: fc.boolean(),
        weekdays: mostly([['MON', 'FRI']], [['SAT'], []]),
      }),
    ),
    eventType: mostly(['holding.opened'], ['a b']),
    where: mostly([[]], [[{ property: 'amount', op: 'gt', value: 'x' }]]),
    condition: mostly<object>([{ type: 'segment', segmentId: 1 }], [{ type: 'attribute', field: 'age', op: 'in' }, {}]),
    branches: fc.array(fc.record({ id: mostly(['x', 'y', 'z'], ['bad id']), weight: fc.constantFrom(0, 10, 30, 50, 70, 90, 100), next: edge }), { minLength: 2, maxLength: 3 }),
    channel: mostly(['sms', 'email', 'push'], ['fax']),
    templateId: mostly([1, 2], [0, -1]),
    change: mostly<object>([{ kind: 'addTag', tag: 'vip' }], [{ kind: 'setAttribute', attribute: 'propensity', value: 'AGGRESSIVE' }]),
    url: mostly(['https://bank.example/hook'], ['javascript:alert(1)']),
    payload: mostly([['customerNo']], [[], ['email']]),
  });
  const entry = fc.oneof(
    fc.constant({ type: 'api' }),
    fc.record({
      type: fc.constant('schedule'),
      segmentId: mostly([1, 2], [0]),
      schedule: fc.record({ kind: fc.constant('recurring'), cron: mostly(['0 10 * * MON'], ['* *', '99 * * * *']), timeZone: mostly(['Asia/Seoul'], ['Nowhere']) }),
    }),
  );
  const definition = fc.oneof(
    { weight: 6, arbitrary: fc.record({ version: fc.constant(1), entry, maxDurationDays: mostly([30, 90], [0, 400]), nodes: fc.array(node, { minLength: 0, maxLength: 6 }) }) },
    { weight: 1, arbitrary: fc.anything() },
  );
  const graphCodes = [
    'duplicateNodeId',
    'noStart',
    'moreThanOneStart',
    'exitUnconnected',
    'exitToMissingNode',
    'exitIntoStart',
    'cycleWithoutWait',
    'unreachableNode',
    'splitWeightsNot100',
    'waitLongerThanJourney',
  ];
  const seen = new Set<string>();
  fc.assert(
    fc.property(definition, (input) => {
      const r = validateJourneyDefinition(input);
      if (r.ok) return;
      for (const p of r.problems) {
        expect(isJourneyProblemCode(p.code)).toBe(true);
        expect(p.path.length).toBeGreaterThan(0);
        for (const language of ['ko', 'en'] as const) {
          const text = renderJourneyProblem(p.code, p.params, language);
          expect(text).not.toMatch(/\{\w+\}/);
          if (language === 'ko') expect(text).toMatch(hangul);
        }
        seen.add(p.code);
      }
    }),
    { numRuns: 2000, seed: 1111 },
  );
  // The generator must reach every graph check, or this property proves nothing about them.
  expect(graphCodes.filter((c) => !seen.has(c))).toEqual([]);
});
