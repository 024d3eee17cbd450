import fc from 'fast-check';
import { parseJourneyDefinition } from './journey-definition.schema.js';
import { isJourneyProblemCode, journeyProblemTexts, renderJourneyProblem, type JourneyProblemCode } from './journey-problems.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const hangul = /[\uAC00-\uD7A3]/;

test('every problem has an English and a Korean text, and Korean uses no parameter English lacks', () => {
  for (const [code, { en, ko }] of Object.entries(journeyProblemTexts)) {
    expect({ code, en: en.length > 0, ko: hangul.test(ko) }).toEqual({ code, en: true, ko: true });
    for (const p of placeholders(ko)) expect({ code, param: p, inEnglish: placeholders(en).includes(p) }).toEqual({ code, param: p, inEnglish: true });
    expect(ko).not.toMatch(/\{\{|\}\}/);
  }
});

const around = (node: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: 1,
  entry: { type: 'api' },
  nodes: [{ id: 'start', type: 'start', next: node.id }, node, { id: 'done', type: 'exit' }],
  ...extra,
});
const wait = (fields: Record<string, unknown>) => around({ id: 'w', type: 'waitUntil', next: 'done', until: { kind: 'window', from: '10:00', ...fields } });
const entry = (e: Record<string, unknown>) => around({ id: 'w', type: 'waitDuration', duration: 'P1D', next: 'done' }, { entry: e });
const leaves = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'segment', segmentId: i + 1 }));

/** One bad definition per check with its own wording: the code and path each must report, so none falls back to "invalid". */
const cases: Array<[string, unknown, JourneyProblemCode, string]> = [
  ['wrong version', { ...around({ id: 'x', type: 'exit' }), version: 2 }, 'oneOf', 'version'],
  ['block id with a space', around({ id: 'a b', type: 'exit' }), 'nodeIdFormat', 'nodes.1.id'],
  ['exit to a malformed id', around({ id: 'm', type: 'sendMessage', channel: 'sms', templateId: 1, next: 'no such' }), 'nodeIdFormat', 'nodes.1.next'],
  ['unknown block type', around({ id: 'x', type: 'sleep' }), 'unknownType', 'nodes.1.type'],
  ['unknown entry type', entry({ type: 'cron' }), 'unknownType', 'entry.type'],
  ['tag with a comma', around({ id: 'u', type: 'updateCustomer', change: { kind: 'addTag', tag: 'a,b' }, next: 'done' }), 'tagFormat', 'nodes.1.change.tag'],
  [
    'consent set by a journey',
    around({ id: 'u', type: 'updateCustomer', change: { kind: 'setAttribute', attribute: 'consentSms', value: 'true' }, next: 'done' }),
    'attributeNotSettable',
    'nodes.1.change.attribute',
  ],
  ['duration in weeks', around({ id: 'w', type: 'waitDuration', duration: 'P1W', next: 'done' }), 'durationFormat', 'nodes.1.duration'],
  ['zero duration', around({ id: 'w', type: 'waitDuration', duration: 'PT0M', next: 'done' }), 'durationRange', 'nodes.1.duration'],
  ['date-time without offset', around({ id: 'w', type: 'waitUntil', until: { kind: 'dateTime', at: '2026-12-01T10:00:00' }, next: 'done' }), 'dateTimeFormat', 'nodes.1.until.at'],
  ['time 25:00', wait({ from: '25:00' }), 'timeFormat', 'nodes.1.until.from'],
  ['window ending before it starts', wait({ to: '09:00' }), 'windowEndsBeforeStart', 'nodes.1.until.to'],
  ['next business day on weekends only', wait({ weekdays: ['SAT', 'SUN'], nextBusinessDay: true }), 'noBusinessWeekday', 'nodes.1.until.weekdays'],
  ['unknown time zone', wait({ timeZone: 'Mars/Olympus' }), 'timeZoneUnknown', 'nodes.1.until.timeZone'],
  ['cron with seconds', entry({ type: 'schedule', segmentId: 1, schedule: { kind: 'recurring', cron: '0 0 10 * * 1' } }), 'cronFormat', 'entry.schedule.cron'],
  ['cron out of range', entry({ type: 'schedule', segmentId: 1, schedule: { kind: 'recurring', cron: '0 24 * * 1' } }), 'cronInvalid', 'entry.schedule.cron'],
  [
    'schedule in an unknown zone',
    entry({ type: 'schedule', segmentId: 1, schedule: { kind: 'recurring', cron: '0 9 * * 1', timeZone: 'Seoul' } }),
    'timeZoneUnknown',
    'entry.schedule.timeZone',
  ],
  ['wait for event without timeout', around({ id: 'e', type: 'waitForEvent', eventType: 'x', onEvent: 'done', onTimeout: 'done' }), 'timeoutRequired', 'nodes.1.timeout'],
  ['bad event type', around({ id: 'e', type: 'waitForEvent', eventType: 'a b', timeout: 'P1D' }), 'eventTypeFormat', 'nodes.1.eventType'],
  ['text compared as a number', entry({ type: 'event', eventType: 'x', where: [{ property: 'amount', op: 'gt', value: 'big' }] }), 'numericCompare', 'entry.where.0.value'],
  [
    'two branches with one id',
    around({
      id: 's',
      type: 'split',
      branches: [
        { id: 'a', weight: 50 },
        { id: 'a', weight: 50 },
      ],
    }),
    'duplicateBranchId',
    'nodes.1.branches.1.id',
  ],
  ['split with one branch', around({ id: 's', type: 'split', branches: [{ id: 'a', weight: 100 }] }), 'tooFewItems', 'nodes.1.branches'],
  ['webhook over ftp', around({ id: 'h', type: 'webhook', url: 'ftp://bank.example/x', payload: ['customerNo'] }), 'webhookUrl', 'nodes.1.url'],
  ['webhook with a password', around({ id: 'h', type: 'webhook', url: 'https://u:p@bank.example/x', payload: ['customerNo'] }), 'webhookUrlCredentials', 'nodes.1.url'],
  ['webhook sending a contact detail', around({ id: 'h', type: 'webhook', url: 'https://bank.example/x', payload: ['mobile'] }), 'oneOf', 'nodes.1.payload.0'],
  [
    'condition that does not fit its field',
    around({ id: 'c', type: 'condition', condition: { type: 'attribute', field: 'region', op: 'gte', value: 3 } }),
    'opNotApplicable',
    'nodes.1.condition.op',
  ],
  [
    'condition too large',
    around({ id: 'c', type: 'condition', condition: { type: 'and', children: [1, 2, 3, 4, 5].map(() => ({ type: 'or', children: leaves(40) })) } }),
    'tooManyBlocks',
    'nodes.1.condition',
  ],
  ['sms template id missing', around({ id: 'm', type: 'sendMessage', channel: 'sms', next: 'done' }), 'required', 'nodes.1.templateId'],
  ['no blocks', { version: 1, entry: { type: 'api' }, nodes: [] }, 'tooFewItems', 'nodes'],
];

test.each(cases)('%s is reported with its own code', (_name, input, code, path) => {
  const r = parseJourneyDefinition(input);
  expect(r.ok ? [] : r.problems).toContainEqual(expect.objectContaining({ path, code }));
});

test('the Korean text of a reported problem has every parameter filled in', () => {
  const r = parseJourneyDefinition(wait({ from: '18:00', to: '09:00' }));
  if (r.ok) throw new Error('expected a problem');
  const [p] = r.problems;
  expect(p).toMatchObject({ code: 'windowEndsBeforeStart', nodeId: 'w', params: { from: '18:00', to: '09:00' } });
  expect(renderJourneyProblem(p.code, p.params, 'ko')).toBe('시간대의 끝(09:00)이 시작(18:00)보다 뒤여야 합니다. 자정을 넘는 시간대는 쓸 수 없습니다');
  expect(renderJourneyProblem(p.code, p.params, 'en')).toBe(p.message);
});

test('whatever is posted, every problem has a known code, a path, and renders in Korean with nothing left unfilled', () => {
  const junk = fc.oneof(
    fc.anything(),
    fc.record({ version: fc.constantFrom(1, 2, '1'), entry: fc.anything(), nodes: fc.anything() }),
    fc.record({ version: fc.constant(1), entry: fc.anything(), nodes: fc.array(fc.anything(), { maxLength: 4 }) }),
  );
  fc.assert(
    fc.property(junk, (input) => {
      const r = parseJourneyDefinition(input);
      if (r.ok) return;
      for (const p of r.problems) {
        expect(isJourneyProblemCode(p.code)).toBe(true);
        expect(p.path.length).toBeGreaterThan(0);
        const ko = renderJourneyProblem(p.code, p.params, 'ko');
        expect(ko).toMatch(hangul);
        expect(ko).not.toMatch(/\{\w+\}/);
      }
    }),
    { numRuns: 500, seed: 20261211 },
  );
});
