import { parseJourneyDefinition } from './journey-definition.schema.js';
import { breaksLoop, journeyNodeExits, longestWaitMinutes } from './journey-exits.js';
import { welcomeSeriesJourney, fundViewNudgeJourney, depositMaturityJourney } from './journey-examples.js';
import type { JourneyNode } from './journey-node.schema.js';

const nodesOf = (input: unknown): JourneyNode[] => {
  const r = parseJourneyDefinition(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.definition.nodes;
};
const byId = (nodes: JourneyNode[], id: string) => nodes.find((n) => n.id === id)!;

test('each exit is a canvas handle naming its field, and the path leads to that field', () => {
  const fund = nodesOf(fundViewNudgeJourney().definition);
  expect(journeyNodeExits(byId(fund, 'suitable'))).toEqual([
    { handle: 'onTrue', target: 'bought', path: ['onTrue'] },
    { handle: 'onFalse', target: 'not-suitable', path: ['onFalse'] },
  ]);
  expect(journeyNodeExits(byId(fund, 'bought'))).toEqual([
    { handle: 'onEvent', target: 'converted', path: ['onEvent'] },
    { handle: 'onTimeout', target: 'ab', path: ['onTimeout'] },
  ]);
  expect(journeyNodeExits(byId(fund, 'ab'))).toEqual([
    { handle: 'branch:a-push', target: 'nudge-push', path: ['branches', 0, 'next'] },
    { handle: 'branch:b-sms', target: 'nudge-sms', path: ['branches', 1, 'next'] },
  ]);
  expect(journeyNodeExits(byId(fund, 'converted'))).toEqual([]);
  expect(journeyNodeExits(byId(fund, 'done'))).toEqual([]);
  const welcome = nodesOf(welcomeSeriesJourney().definition);
  for (const id of ['start', 'welcome-push', 'tag-new', 'wait-1d', 'weekday-morning']) {
    expect(journeyNodeExits(byId(welcome, id))).toEqual([{ handle: 'next', target: byId(welcome, id).type === 'start' ? 'welcome-push' : expect.any(String), path: ['next'] }]);
  }
});

test('only duration waits and event waits break a loop; their longest wait is known', () => {
  const welcome = nodesOf(welcomeSeriesJourney().definition);
  const deposit = nodesOf(depositMaturityJourney().definition);
  expect(welcome.filter(breaksLoop).map((n) => n.id)).toEqual(['wait-1d']);
  expect(deposit.filter(breaksLoop).map((n) => n.id)).toEqual(['renewed']);
  expect(longestWaitMinutes(byId(welcome, 'wait-1d'))).toBe(1440);
  expect(longestWaitMinutes(byId(deposit, 'renewed'))).toBe(3 * 1440);
  expect(longestWaitMinutes(byId(deposit, 'next-business-day'))).toBeUndefined();
  expect(longestWaitMinutes(byId(deposit, 'notice-sms'))).toBe(0);
});
