import { parseJourneyDefinition } from './journey-definition.schema.js';
import { journeyNodeTypes } from './journey-node.schema.js';

/** A journey around one block under test: start -> block -> exits all to "done". */
const around = (node: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: 1,
  entry: { type: 'api' },
  nodes: [{ id: 'start', type: 'start', next: node.id }, node, { id: 'done', type: 'exit' }],
  ...extra,
});

const validBlocks: Array<[string, Record<string, unknown>]> = [
  ['waitDuration', { id: 'w', type: 'waitDuration', duration: 'PT30M', next: 'done' }],
  ['waitUntil', { id: 'w', type: 'waitUntil', until: { kind: 'dateTime', at: '2026-12-24T09:00:00+09:00' }, next: 'done' }],
  ['waitUntil', { id: 'w', type: 'waitUntil', until: { kind: 'window', from: '10:00', to: '12:00', weekdays: ['MON'], nextBusinessDay: true }, next: 'done' }],
  [
    'waitForEvent',
    { id: 'w', type: 'waitForEvent', eventType: 'holding.opened', where: [{ property: 'amount', op: 'gte', value: 1000000 }], timeout: 'P3D', onEvent: 'done', onTimeout: 'done' },
  ],
  [
    'condition',
    {
      id: 'c',
      type: 'condition',
      condition: {
        type: 'and',
        children: [
          { type: 'holding', mode: 'notHolds', productType: 'FUND' },
          { type: 'segment', segmentId: 4 },
        ],
      },
      onTrue: 'done',
      onFalse: 'done',
    },
  ],
  [
    'split',
    {
      id: 's',
      type: 'split',
      branches: [
        { id: 'a', weight: 34, next: 'done' },
        { id: 'b', weight: 33, next: 'done' },
        { id: 'c', weight: 33, next: 'done' },
      ],
    },
  ],
  ['sendMessage', { id: 'm', type: 'sendMessage', channel: 'email', templateId: 12, next: 'done' }],
  ['updateCustomer', { id: 'u', type: 'updateCustomer', change: { kind: 'removeTag', tag: 'app-new' }, next: 'done' }],
  ['updateCustomer', { id: 'u', type: 'updateCustomer', change: { kind: 'setAttribute', attribute: 'segmentLabel', value: '펀드 관심' }, next: 'done' }],
  ['webhook', { id: 'h', type: 'webhook', url: 'https://crm.bank.example/hooks/journey', payload: ['customerNo', 'instanceId'], next: 'done' }],
  ['goal', { id: 'g', type: 'goal', label: '전환' }],
];

test.each(validBlocks)('a %s block parses', (_type, node) => {
  const r = parseJourneyDefinition(around(node));
  expect(r.ok ? r.definition.nodes[1] : r.problems).toMatchObject(node);
});

test('every block type has a valid example above (plus start and exit, which every journey has)', () => {
  expect(new Set([...validBlocks.map(([t]) => t), 'start', 'exit'])).toEqual(new Set(journeyNodeTypes));
});

const validEntries: Array<[string, Record<string, unknown>]> = [
  ['event', { type: 'event', eventType: 'product.view', where: [{ property: 'productType', op: 'eq', value: 'FUND' }] }],
  ['segmentEntered', { type: 'segmentEntered', segmentId: 2 }],
  ['segmentExited', { type: 'segmentExited', segmentId: 2 }],
  ['schedule once', { type: 'schedule', segmentId: 2, schedule: { kind: 'once', at: '2026-12-01T10:00:00+09:00' } }],
  ['schedule recurring', { type: 'schedule', segmentId: 2, schedule: { kind: 'recurring', cron: '0 10 * * MON', timeZone: 'Asia/Seoul' } }],
  ['api', { type: 'api' }],
];

test.each(validEntries)('a %s entry parses', (_name, entry) => {
  const r = parseJourneyDefinition(around({ id: 'w', type: 'waitDuration', duration: 'P1D', next: 'done' }, { entry }));
  expect(r.ok ? r.definition.entry : r.problems).toMatchObject(entry);
});

test('defaults: enter once, at most 90 days, no exit conditions, Seoul schedules, windows every day in the customer zone, exits not yet connected', () => {
  const r = parseJourneyDefinition({
    version: 1,
    entry: { type: 'schedule', segmentId: 1, schedule: { kind: 'recurring', cron: '30 9 * * 1-5' } },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'w', type: 'waitUntil', until: { kind: 'window', from: '09:00' } },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.definition).toMatchObject({
    reEntry: { kind: 'once' },
    maxDurationDays: 90,
    exitWhen: [],
    entry: { schedule: { timeZone: 'Asia/Seoul' } },
    nodes: [
      { id: 'start', next: null },
      { id: 'w', next: null, until: { weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], nextBusinessDay: false, timeZone: 'customer' } },
    ],
  });
});

test('the journey-level goal, exit conditions and maximum duration are kept', () => {
  const extra = {
    reEntry: { kind: 'afterDays', days: 30 },
    goal: { eventType: 'holding.opened', where: [{ property: 'productType', op: 'eq', value: 'FUND' }], withinDays: 7 },
    exitWhen: [
      { type: 'event', eventType: 'customer.withdrawn' },
      { type: 'segmentExited', segmentId: 9 },
    ],
    maxDurationDays: 30,
  };
  const r = parseJourneyDefinition(around({ id: 'w', type: 'waitDuration', duration: 'P1D', next: 'done' }, extra));
  expect(r.ok ? r.definition : r.problems).toMatchObject({
    ...extra,
    exitWhen: [
      { type: 'event', where: [] },
      { type: 'segmentExited', segmentId: 9 },
    ],
  });
});

test('a problem inside a block names the block', () => {
  const r = parseJourneyDefinition(around({ id: 'sms-1', type: 'sendMessage', channel: 'fax', templateId: 1, next: 'done' }));
  expect(r.ok ? undefined : r.problems).toEqual([expect.objectContaining({ path: 'nodes.1.channel', nodeId: 'sms-1', code: 'oneOf' })]);
});

test.each([
  ['six fields (seconds)', '0 0 10 * * MON', 'cronFormat'],
  ['three fields', '* * *', 'cronFormat'],
  ['minute 61', '61 10 * * *', 'cronInvalid'],
  ['weekday 8', '0 10 * * 8', 'cronInvalid'],
  ['every 0 minutes', '*/0 * * * *', 'cronInvalid'],
])('a cron expression with %s is refused', (_name, cron, code) => {
  const entry = { type: 'schedule', segmentId: 1, schedule: { kind: 'recurring', cron } };
  const r = parseJourneyDefinition(around({ id: 'w', type: 'waitDuration', duration: 'P1D', next: 'done' }, { entry }));
  expect(r.ok ? undefined : r.problems).toEqual([expect.objectContaining({ path: 'entry.schedule.cron', code })]);
});
