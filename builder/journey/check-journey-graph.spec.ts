import { parseJourneyDefinition, type JourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { checkJourneyGraph } from './check-journey-graph.js';

/** Parses a definition made of these blocks (the schema must accept it: these are graph problems only). */
const journey = (nodes: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): JourneyDefinition => {
  const r = parseJourneyDefinition({ version: 1, entry: { type: 'api' }, nodes, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.definition;
};
const problems = (nodes: Array<Record<string, unknown>>, extra?: Record<string, unknown>) =>
  checkJourneyGraph(journey(nodes, extra)).map(({ code, nodeId, path, params }) => ({ code, nodeId, path, ...(params ? { params } : {}) }));

const start = (next: string | null = 'send') => ({ id: 'start', type: 'start', next });
const send = (id: string, next: string | null = 'done') => ({ id, type: 'sendMessage', channel: 'sms', templateId: 1, next });
const done = { id: 'done', type: 'exit' };

test('a well-formed journey has no problems', () => {
  expect(problems([start(), send('send'), done])).toEqual([]);
});

test('duplicate block ids: the second is named and left out', () => {
  expect(problems([start(), send('send'), send('send'), done])).toEqual([{ code: 'duplicateNodeId', nodeId: 'send', path: 'nodes.2.id', params: { id: 'send' } }]);
});

test('no start block', () => {
  expect(problems([send('send'), done])).toEqual([{ code: 'noStart', nodeId: undefined, path: 'nodes' }]);
});

test('more than one start block: every extra one is named', () => {
  expect(problems([start(), send('send'), { id: 'start-2', type: 'start', next: 'send' }, done])).toEqual([
    { code: 'moreThanOneStart', nodeId: 'start-2', path: 'nodes.2', params: { count: 2 } },
  ]);
});

test('an exit left unconnected names the block and the exit', () => {
  expect(problems([start(), { id: 'send', type: 'waitForEvent', eventType: 'x', timeout: 'P1D', onEvent: 'done' }, done])).toEqual([
    { code: 'exitUnconnected', nodeId: 'send', path: 'nodes.1.onTimeout', params: { exit: 'onTimeout' } },
  ]);
});

test('an exit to a block that does not exist', () => {
  expect(problems([start(), send('send', 'gone'), done])).toEqual([
    { code: 'exitToMissingNode', nodeId: 'send', path: 'nodes.1.next', params: { exit: 'next', target: 'gone' } },
    { code: 'unreachableNode', nodeId: 'done', path: 'nodes.2' },
  ]);
});

test('an exit back into the start block', () => {
  expect(problems([start(), { id: 'send', type: 'condition', condition: { type: 'segment', segmentId: 1 }, onTrue: 'done', onFalse: 'start' }, done])).toEqual([
    { code: 'exitIntoStart', nodeId: 'send', path: 'nodes.1.onFalse', params: { exit: 'onFalse' } },
  ]);
});

test('an unreachable block', () => {
  expect(problems([start(), send('send'), send('orphan'), done])).toEqual([{ code: 'unreachableNode', nodeId: 'orphan', path: 'nodes.2' }]);
});

test('a loop without a wait names every block on it; a loop through a duration or event wait is fine', () => {
  const check = { id: 'check', type: 'condition', condition: { type: 'segment', segmentId: 1 }, onTrue: 'done', onFalse: 'send' };
  expect(problems([start(), send('send', 'check'), check, done])).toEqual([
    { code: 'cycleWithoutWait', nodeId: 'send', path: 'nodes.1', params: { cycle: 'send, check' } },
    { code: 'cycleWithoutWait', nodeId: 'check', path: 'nodes.2', params: { cycle: 'send, check' } },
  ]);
  // A wait-until may pass at once (a window already open), so it does not break the loop.
  const until = { id: 'until', type: 'waitUntil', until: { kind: 'window', from: '10:00', to: '11:00' }, next: 'send' };
  expect(problems([start(), send('send', 'check'), { ...check, onFalse: 'until' }, until, done]).map((p) => [p.code, p.nodeId])).toEqual([
    ['cycleWithoutWait', 'send'],
    ['cycleWithoutWait', 'check'],
    ['cycleWithoutWait', 'until'],
  ]);
  const pause = { id: 'pause', type: 'waitDuration', duration: 'P7D', next: 'send' };
  expect(problems([start(), send('send', 'check'), { ...check, onFalse: 'pause' }, pause, done])).toEqual([]);
  const nudge = { id: 'nudge', type: 'waitForEvent', eventType: 'app.login', timeout: 'P2D', onEvent: 'done', onTimeout: 'send' };
  expect(problems([start(), send('send', 'nudge'), nudge, done])).toEqual([]);
});

test('a block looping onto itself', () => {
  expect(problems([start(), send('send', 'send')])).toEqual([{ code: 'cycleWithoutWait', nodeId: 'send', path: 'nodes.1', params: { cycle: 'send' } }]);
});

test('A/B/n weights that do not add up to 100', () => {
  const split = (weights: number[]) => ({
    id: 'send',
    type: 'split',
    branches: weights.map((weight, i) => ({ id: `b${i}`, weight, next: 'done' })),
  });
  expect(problems([start(), split([50, 40]), done])).toEqual([{ code: 'splitWeightsNot100', nodeId: 'send', path: 'nodes.1.branches', params: { sum: 90 } }]);
  expect(problems([start(), split([50, 30, 20, 0]), done])).toEqual([]);
});

test('a split branch left unconnected is named by its handle', () => {
  expect(
    problems([
      start(),
      {
        id: 'send',
        type: 'split',
        branches: [
          { id: 'a', weight: 50, next: 'done' },
          { id: 'b', weight: 50 },
        ],
      },
      done,
    ]),
  ).toEqual([{ code: 'exitUnconnected', nodeId: 'send', path: 'nodes.1.branches.1.next', params: { exit: 'branch:b' } }]);
});

test('a wait longer than the journey may last', () => {
  expect(problems([start(), { id: 'send', type: 'waitDuration', duration: 'P40D', next: 'done' }, done], { maxDurationDays: 30 })).toEqual([
    { code: 'waitLongerThanJourney', nodeId: 'send', path: 'nodes.1.duration', params: { days: 40, maxDays: 30 } },
  ]);
  expect(problems([start(), { id: 'send', type: 'waitForEvent', eventType: 'x', timeout: 'P31D', onEvent: 'done', onTimeout: 'done' }, done], { maxDurationDays: 30 })).toEqual([
    { code: 'waitLongerThanJourney', nodeId: 'send', path: 'nodes.1.timeout', params: { days: 31, maxDays: 30 } },
  ]);
});

test('every problem is reported at once', () => {
  const codes = problems([
    send('send', null),
    {
      id: 'ab',
      type: 'split',
      branches: [
        { id: 'a', weight: 10, next: 'ab' },
        { id: 'b', weight: 10, next: 'nowhere' },
      ],
    },
  ]).map((p) => p.code);
  expect(codes).toEqual(['noStart', 'exitUnconnected', 'exitToMissingNode', 'cycleWithoutWait', 'splitWeightsNot100']);
});
