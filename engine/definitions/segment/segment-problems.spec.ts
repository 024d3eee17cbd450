import fc from 'fast-check';
import { parseSegmentDefinition } from './segment-definition.schema.js';
import { isSegmentProblemCode, renderSegmentProblem, segmentProblemTexts, type SegmentProblemCode } from './segment-problems.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const hangul = /[\uAC00-\uD7A3]/;

test('every problem has an English and a Korean text, and Korean uses no parameter English lacks', () => {
  for (const [code, { en, ko }] of Object.entries(segmentProblemTexts)) {
    expect({ code, en: en.length > 0, ko: hangul.test(ko) }).toEqual({ code, en: true, ko: true });
    for (const p of placeholders(ko)) expect({ code, param: p, inEnglish: placeholders(en).includes(p) }).toEqual({ code, param: p, inEnglish: true });
    // i18next is not involved, but the texts are also shown next to AdminJS messages: keep them free of its separators' surprises.
    expect(ko).not.toMatch(/\{\{|\}\}/);
  }
});

/** One bad condition per custom check: the code each must report, so none silently falls back to "invalid". */
const leaf = (condition: object) => ({ schemaVersion: 1, root: condition });
const customCases: Array<[string, object, SegmentProblemCode, string]> = [
  ['operator that does not fit', leaf({ type: 'attribute', field: 'region', op: 'gte', value: 3 }), 'opNotApplicable', 'root.op'],
  ['missing values', leaf({ type: 'attribute', field: 'region', op: 'in' }), 'valuesRequired', 'root.values'],
  ['missing value', leaf({ type: 'attribute', field: 'age', op: 'between', min: 3 }), 'valueRequired', 'root.max'],
  [
    'missing filter value',
    leaf({ type: 'event', eventType: 'x', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 3 }, where: [{ property: 'amount', op: 'gt' }] }),
    'required',
    'root.where.0.value',
  ],
  ['wrong type', leaf({ type: 'event', eventType: 'x', op: 'atLeast', times: '1', window: { kind: 'lastDays', days: 3 } }), 'wrongType', 'root.times'],
  ['unknown enum value', leaf({ type: 'attribute', field: 'region', op: 'in', values: ['MARS'] }), 'unknownEnumValues', 'root.values'],
  ['id that is not a number', leaf({ type: 'attribute', field: 'assignedStaff', op: 'in', values: ['x1'] }), 'idsPositive', 'root.values'],
  ['tag with a comma', leaf({ type: 'attribute', field: 'tags', op: 'hasAny', values: ['a,b'] }), 'tagComma', 'root.values'],
  ['text operator without text', leaf({ type: 'attribute', field: 'customerNo', op: 'startsWith', value: 5 }), 'needText', 'root.value'],
  ['number operator without a number', leaf({ type: 'attribute', field: 'age', op: 'gte', value: 'old' }), 'needWholeNumber', 'root.value'],
  ['flag without true/false', leaf({ type: 'attribute', field: 'consentSms', op: 'is', value: 'yes' }), 'needTrueFalse', 'root.value'],
  ['date operator without a date', leaf({ type: 'attribute', field: 'birthDate', op: 'before', value: 'soon' }), 'needDate', 'root.value'],
  ['range upside down', leaf({ type: 'attribute', field: 'age', op: 'between', min: 50, max: 20 }), 'maxBelowMin', 'root.max'],
  ['impossible age', leaf({ type: 'attribute', field: 'age', op: 'gte', value: 200 }), 'ageRange', 'root.value'],
  ['date range upside down', leaf({ type: 'attribute', field: 'birthDate', op: 'between', from: '2000-02-01', to: '2000-01-01' }), 'lastBeforeFirst', 'root.to'],
  ['amounts upside down', leaf({ type: 'holding', mode: 'holds', minAmount: 10, maxAmount: 5 }), 'maxAmountBelowMin', 'root.maxAmount'],
  ['days and a period', leaf({ type: 'holding', mode: 'holds', openedWithinDays: 3, openedFrom: '2026-01-01' }), 'daysOrPeriod', 'root.openedWithinDays'],
  [
    'property compared with text',
    leaf({ type: 'event', eventType: 'x', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 3 }, where: [{ property: 'amount', op: 'gt', value: 'big' }] }),
    'numericCompare',
    'root.where.0.value',
  ],
  [
    'event window upside down',
    leaf({ type: 'event', eventType: 'x', op: 'atLeast', times: 1, window: { kind: 'between', from: '2026-02-01', to: '2026-01-01' } }),
    'lastBeforeFirst',
    'root.window.to',
  ],
  ['bad event type', leaf({ type: 'event', eventType: 'a b', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 3 } }), 'eventTypeFormat', 'root.eventType'],
  ['unknown field', leaf({ type: 'attribute', field: 'salary', op: 'eq', value: 1 }), 'unknownField', 'root.field'],
  ['bad date', leaf({ type: 'attribute', field: 'birthDate', op: 'between', from: '2026-13-45', to: '2026-01-01' }), 'dateFormat', 'root.from'],
  ['count below zero', leaf({ type: 'event', eventType: 'x', op: 'atLeast', times: -1, window: { kind: 'lastDays', days: 3 } }), 'tooSmall', 'root.times'],
  ['empty group', leaf({ type: 'and', children: [] }), 'tooFewItems', 'root.children'],
];

test.each(customCases)('%s is reported with its own code', (_name, input, code, path) => {
  const r = parseSegmentDefinition(input);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.errors).toContainEqual(expect.objectContaining({ path, code }));
});

test('the Korean text of a reported problem has every parameter filled in', () => {
  const r = parseSegmentDefinition(leaf({ type: 'attribute', field: 'region', op: 'gte', value: 3 }));
  if (r.ok) throw new Error('expected an error');
  const [e] = r.errors;
  expect(renderSegmentProblem(e.code!, e.params, 'ko')).toBe("'gte' 조건은 이 항목에 쓸 수 없습니다 (가능한 조건: in, notIn)");
  expect(renderSegmentProblem(e.code!, e.params, 'en')).toBe(e.message);
});

test('whatever is posted, every error has a known code and renders in Korean with nothing left unfilled', () => {
  const junk = fc.oneof(
    fc.anything(),
    fc.record({ schemaVersion: fc.constantFrom(1, 2, '1'), root: fc.anything() }),
    fc.record({
      schemaVersion: fc.constant(1),
      root: fc.record(
        {
          type: fc.constantFrom('and', 'or', 'not', 'attribute', 'holding', 'event', 'segment', 'x'),
          field: fc.constantFrom('age', 'region', 'tags', 'birthDate', 'consentSms', 'branch', 'nope'),
          op: fc.constantFrom('in', 'eq', 'gte', 'between', 'is', 'atLeast', 'hasAny', 'withinLastDays', 'zz'),
          value: fc.oneof(fc.integer(), fc.string(), fc.boolean()),
          values: fc.array(fc.string(), { maxLength: 3 }),
          min: fc.integer(),
          max: fc.integer(),
          days: fc.integer(),
          times: fc.integer(),
          mode: fc.constantFrom('holds', 'notHolds', 'maybe'),
          window: fc.record({ kind: fc.constantFrom('lastDays', 'between', 'soon'), days: fc.integer(), from: fc.string(), to: fc.string() }),
          children: fc.array(fc.anything(), { maxLength: 2 }),
          segmentId: fc.integer(),
        },
        { requiredKeys: ['type'] },
      ),
    }),
  );
  fc.assert(
    fc.property(junk, (input) => {
      const r = parseSegmentDefinition(input);
      if (r.ok) return;
      for (const e of r.errors) {
        expect(isSegmentProblemCode(e.code)).toBe(true);
        const ko = renderSegmentProblem(e.code!, e.params, 'ko');
        expect(ko).toMatch(hangul);
        expect(ko).not.toMatch(/\{\w+\}/);
      }
    }),
    { numRuns: 500, seed: 20261123 },
  );
});
