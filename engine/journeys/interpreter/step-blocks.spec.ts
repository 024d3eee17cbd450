import { step, maxStepsPerInput } from './step.js';
import { newInstanceState } from './instance-state.js';
import { splitBranchFor } from './split-assignment.js';
import type { JourneyInstanceState } from './journey-step.types.js';
import { condition, context, day, draft, exit, fresh, goal, hour, journey, minute, pause, send, start, t0, waitFor } from './step.fixtures.js';

/** Every block type, entered by the start input or by moving on from a wait. */

const ctx = context();
const begin = (definition: ReturnType<typeof journey>, c = ctx, instance = fresh()) => step(definition, instance, { kind: 'start' }, t0, c);

test('a fresh state is "new": no block, no wait, nothing recorded', () => {
  expect(newInstanceState({ customerNo: 'C1', timeZone: 'Asia/Seoul', enteredAt: t0 })).toEqual({
    customerNo: 'C1',
    timeZone: 'Asia/Seoul',
    enteredAt: t0,
    status: 'new',
    nodeId: null,
    wait: null,
    dueAt: null,
    visits: {},
    assignments: {},
    outcome: null,
  });
});

test('start, message, customer update, duration wait: commands keyed by block and visit, one record per block', () => {
  const def = journey([
    start('hello'),
    send('hello', 'tag', 7),
    { id: 'tag', type: 'updateCustomer', change: { kind: 'addTag', tag: 'app-new' }, next: 'wait' },
    pause('wait', 'P1DT2H', 'done'),
    exit(),
  ]);
  const r = begin(def);
  expect(r.commands).toEqual([
    { kind: 'sendMessage', nodeId: 'hello', visit: 1, channel: 'sms', templateId: 7 },
    { kind: 'updateCustomer', nodeId: 'tag', visit: 1, change: { kind: 'addTag', tag: 'app-new' } },
  ]);
  expect(r.steps).toEqual([
    { nodeId: 'start', nodeType: 'start', visit: 1, at: t0, cause: 'start' },
    { nodeId: 'hello', nodeType: 'sendMessage', visit: 1, at: t0, cause: 'next' },
    { nodeId: 'tag', nodeType: 'updateCustomer', visit: 1, at: t0, cause: 'next' },
    { nodeId: 'wait', nodeType: 'waitDuration', visit: 1, at: t0, cause: 'next' },
  ]);
  const until = t0 + day + 2 * hour;
  expect(r.instance).toEqual({
    customerNo: 'C0001',
    timeZone: 'Asia/Seoul',
    enteredAt: t0,
    status: 'waiting',
    nodeId: 'wait',
    wait: { kind: 'duration', nodeId: 'wait', visit: 1, until },
    dueAt: until,
    visits: { start: 1, hello: 1, tag: 1, wait: 1 },
    assignments: {},
    outcome: null,
  });
  expect(r.ignored).toBeUndefined();

  const woken = step(def, r.instance, { kind: 'wake' }, until, ctx);
  expect(woken.steps).toEqual([{ nodeId: 'done', nodeType: 'exit', visit: 1, at: until, cause: 'wake' }]);
  expect(woken.instance).toMatchObject({ status: 'ended', nodeId: 'done', wait: null, dueAt: null, outcome: { reason: 'completed', at: until } });
  expect(woken.instance.outcome).not.toHaveProperty('errorCode');
  expect(woken.converted).toBeUndefined();
});

test("the wait's due time is capped by the maximum duration", () => {
  const def = journey([start('wait'), pause('wait', 'P3D', 'done'), exit()], { maxDurationDays: 3 });
  expect(begin(def).instance.dueAt).toBe(t0 + 3 * day);
  // Entered a day before reaching the wait: the deadline comes a day before the wait's end.
  const late = begin(def, ctx, fresh(t0 - day));
  expect(late.instance.wait).toMatchObject({ until: t0 + 3 * day });
  expect(late.instance.dueAt).toBe(t0 + 2 * day);
});

test('condition: the context decides, the record says which way', () => {
  const def = journey([start('check'), condition('check', 'yes', 'no'), send('yes', 'done', 1), send('no', 'done', 2), exit()]);
  const yes = begin(def, context({ check: true }));
  expect(yes.steps.map((s) => [s.nodeId, s.cause])).toEqual([
    ['start', 'start'],
    ['check', 'next'],
    ['yes', 'true'],
    ['done', 'next'],
  ]);
  expect(yes.commands).toMatchObject([{ nodeId: 'yes', templateId: 1 }]);
  const no = begin(def, context({ check: false }));
  expect(no.steps.map((s) => [s.nodeId, s.cause])).toEqual([
    ['start', 'start'],
    ['check', 'next'],
    ['no', 'false'],
    ['done', 'next'],
  ]);
  expect(no.commands).toMatchObject([{ nodeId: 'no', templateId: 2 }]);
});

describe('split', () => {
  const def = journey([
    start('ab'),
    {
      id: 'ab',
      type: 'split',
      branches: [
        { id: 'a', weight: 50, next: 'sa' },
        { id: 'b', weight: 50, next: 'sb' },
      ],
    },
    send('sa', 'again', 1),
    send('sb', 'again', 2),
    pause('again', 'P1D', 'ab'),
  ]);

  test('the hashed branch is taken and recorded, with its handle as the cause', () => {
    for (const customerNo of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']) {
      const expected = splitBranchFor(def.nodes[1] as Parameters<typeof splitBranchFor>[0], customerNo).id;
      const r = begin(def, ctx, fresh(t0, customerNo));
      expect(r.instance.assignments).toEqual({ ab: expected });
      expect(r.steps[2]).toMatchObject({ nodeId: `s${expected}`, cause: `branch:${expected}` });
    }
  });

  test('a revisit reuses the recorded branch, even where the hash would say otherwise', () => {
    const customerNo = 'C1';
    const hashed = splitBranchFor(def.nodes[1] as Parameters<typeof splitBranchFor>[0], customerNo).id;
    const other = hashed === 'a' ? 'b' : 'a';
    const waiting: JourneyInstanceState = { ...begin(def, ctx, fresh(t0, customerNo)).instance, assignments: { ab: other } };
    const r = step(def, waiting, { kind: 'wake' }, t0 + day, ctx);
    expect(r.steps.map((s) => [s.nodeId, s.visit, s.cause])).toEqual([
      ['ab', 2, 'wake'],
      [`s${other}`, 1, `branch:${other}`],
      ['again', 2, 'next'],
    ]);
    expect(r.instance.assignments).toEqual({ ab: other });
  });
});

describe('webhook', () => {
  const def = journey([start('hook'), { id: 'hook', type: 'webhook', url: 'https://crm.bank.example/hooks/1', payload: ['customerNo', 'journeyId'], next: 'done' }, exit()], {
    maxDurationDays: 5,
  });

  test('calls the webhook and holds the instance until the result, due at the deadline', () => {
    const r = begin(def);
    expect(r.commands).toEqual([{ kind: 'callWebhook', nodeId: 'hook', visit: 1, url: 'https://crm.bank.example/hooks/1', payload: ['customerNo', 'journeyId'] }]);
    expect(r.instance).toMatchObject({ status: 'waiting', nodeId: 'hook', wait: { kind: 'webhook', nodeId: 'hook', visit: 1 }, dueAt: t0 + 5 * day });
  });

  test('ok: on to next, moved by the webhook', () => {
    const r = step(def, begin(def).instance, { kind: 'webhookResult', nodeId: 'hook', visit: 1, ok: true }, t0 + minute, ctx);
    expect(r.steps).toEqual([{ nodeId: 'done', nodeType: 'exit', visit: 1, at: t0 + minute, cause: 'webhook' }]);
    expect(r.instance.outcome).toEqual({ reason: 'completed', at: t0 + minute });
  });

  test("failed: the instance fails with the webhook's error code", () => {
    const r = step(def, begin(def).instance, { kind: 'webhookResult', nodeId: 'hook', visit: 1, ok: false, errorCode: 'webhookRejected' }, t0 + minute, ctx);
    expect(r.steps).toEqual([]);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'hook', outcome: { reason: 'failed', errorCode: 'webhookRejected', at: t0 + minute } });
  });

  test('a result for another visit or block is stale: ignored, instance unchanged', () => {
    const waiting = begin(def).instance;
    for (const stale of [
      { nodeId: 'hook', visit: 2 },
      { nodeId: 'other', visit: 1 },
    ]) {
      const r = step(def, waiting, { kind: 'webhookResult', ...stale, ok: true }, t0 + minute, ctx);
      expect(r.ignored).toBeDefined();
      expect(r.instance).toBe(waiting);
    }
    // A wake before the deadline changes nothing either.
    expect(step(def, waiting, { kind: 'wake' }, t0 + day, ctx).ignored).toMatch(/not due/);
  });
});

describe('waitUntil', () => {
  const until = (u: Record<string, unknown>) => journey([start('u'), { id: 'u', type: 'waitUntil', until: u, next: 'hi' }, send('hi', 'done'), exit()]);

  test('a moment ahead: wait until it, then on to next', () => {
    const def = until({ kind: 'dateTime', at: '2026-12-03T10:00:00+09:00' });
    const r = begin(def);
    const at = Date.parse('2026-12-03T10:00:00+09:00');
    expect(r.instance.wait).toEqual({ kind: 'until', nodeId: 'u', visit: 1, until: at });
    expect(step(def, r.instance, { kind: 'wake' }, at - 1, ctx).ignored).toBe('not due yet');
    expect(step(def, r.instance, { kind: 'wake' }, at, ctx).commands).toMatchObject([{ kind: 'sendMessage', nodeId: 'hi', visit: 1 }]);
  });

  test('a moment already past lets through at once', () => {
    const r = begin(until({ kind: 'dateTime', at: '2026-11-30T10:00:00+09:00' }));
    expect(r.steps.map((s) => s.nodeId)).toEqual(['start', 'u', 'hi', 'done']);
    expect(r.instance.outcome?.reason).toBe('completed');
  });

  test("a window in the customer's zone", () => {
    const def = until({ kind: 'window', from: '10:00', to: '12:00', weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] });
    // 09:00 Tuesday in Seoul: the window opens at 10:00 Seoul.
    expect(begin(def).instance.wait).toMatchObject({ kind: 'until', until: t0 + hour });
    // The same instant is 01:00 in London: 10:00 London.
    expect(begin(def, ctx, fresh(t0, 'C1', 'Europe/London')).instance.wait).toMatchObject({ until: Date.parse('2026-12-01T10:00:00Z') });
    // In Sydney it is 11:00 (summer time): the window is open and lets through at once.
    expect(begin(def, ctx, fresh(t0, 'C1', 'Australia/Sydney')).steps.map((s) => s.nodeId)).toEqual(['start', 'u', 'hi', 'done']);
  });

  test('next business day: holidays come from the context', () => {
    const def = until({ kind: 'window', from: '09:00', to: '11:00', nextBusinessDay: true, timeZone: 'Asia/Seoul' });
    const christmasEve = Date.parse('2026-12-24T15:00:00+09:00');
    const at = (c = ctx) => step(def, fresh(christmasEve), { kind: 'start' }, christmasEve, c).instance.wait;
    expect(at(context({}, ['2026-12-25']))).toMatchObject({ until: Date.parse('2026-12-28T09:00:00+09:00') });
    expect(at()).toMatchObject({ until: Date.parse('2026-12-25T09:00:00+09:00') });
  });

  test('a holiday calendar with no business day fails the instance instead of looping', () => {
    const def = until({ kind: 'window', from: '09:00', nextBusinessDay: true });
    const r = step(def, fresh(), { kind: 'start' }, t0, { conditionHolds: () => false, isHoliday: () => true });
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'u', outcome: { reason: 'failed', errorCode: 'noWindowMoment' } });
  });
});

test('waitForEvent: waits for the timeout from the moment of arrival', () => {
  const r = begin(journey([start('w'), waitFor('w', 'app.login', 'PT90M', 'done', 'done'), exit()]));
  expect(r.instance.wait).toEqual({ kind: 'event', nodeId: 'w', visit: 1, until: t0 + 90 * minute, since: t0 });
  expect(r.instance.dueAt).toBe(t0 + 90 * minute);
});

test('goal block: ended as converted, at that block', () => {
  const r = begin(journey([start('won'), goal()]));
  expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'won', outcome: { reason: 'goalReached', at: t0 } });
  expect(r.converted).toEqual({ nodeId: 'won' });
});

describe('drafts and damage end the instance as failed, never throw', () => {
  test('an exit left unconnected', () => {
    const r = begin(draft([start('hi'), send('hi', null)]));
    expect(r.steps.map((s) => s.nodeId)).toEqual(['start', 'hi']);
    expect(r.commands).toHaveLength(1);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'hi', outcome: { reason: 'failed', errorCode: 'unconnectedExit' } });
  });

  test('an exit to a block that does not exist', () => {
    expect(begin(draft([start('hi'), send('hi', 'gone')])).instance.outcome).toMatchObject({ reason: 'failed', errorCode: 'unknownBlock' });
  });

  test('no start block', () => {
    expect(begin(draft([send('hi', null)])).instance).toMatchObject({ status: 'ended', nodeId: '', outcome: { reason: 'failed', errorCode: 'noStartBlock' } });
  });

  test('a loop without a wait stops at the first block entered twice, without doing it again', () => {
    const def = draft([start('hi'), send('hi', 'check'), condition('check', 'done', 'hi'), exit()]);
    const r = begin(def, context({ check: false }));
    expect(r.steps.map((s) => [s.nodeId, s.visit])).toEqual([
      ['start', 1],
      ['hi', 1],
      ['check', 1],
      ['hi', 2],
    ]);
    expect(r.steps.length).toBeLessThanOrEqual(maxStepsPerInput(def));
    expect(r.commands).toEqual([{ kind: 'sendMessage', nodeId: 'hi', visit: 1, channel: 'sms', templateId: 1 }]);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'hi', outcome: { reason: 'failed', errorCode: 'loopWithoutWait' } });
  });

  test('a block looping onto itself reaches the bound exactly', () => {
    const def = draft([start('hi'), send('hi', 'hi')]);
    expect(maxStepsPerInput(def)).toBe(3);
    expect(begin(def).steps).toHaveLength(3);
  });

  test('a loop through a wait-until whose window is open is caught too', () => {
    const def = draft([start('hi'), send('hi', 'u'), { id: 'u', type: 'waitUntil', until: { kind: 'window', from: '00:00', to: '23:59' }, next: 'hi' }]);
    expect(begin(def).instance.outcome).toMatchObject({ reason: 'failed', errorCode: 'loopWithoutWait' });
  });
});

describe('the instance given must fit the input', () => {
  const def = journey([start('w'), pause('w', 'P1D', 'done'), exit()]);

  test('start on an instance that has started: ignored', () => {
    const waiting = begin(def).instance;
    const r = step(def, waiting, { kind: 'start' }, t0 + minute, ctx);
    expect(r).toEqual({ instance: waiting, commands: [], steps: [], ignored: 'the instance has started already' });
  });

  test('no instance, or a fresh one with another input: a programming error', () => {
    expect(() => step(def, null, { kind: 'start' }, t0, ctx)).toThrow(TypeError);
    expect(() => step(def, fresh(), { kind: 'wake' }, t0, ctx)).toThrow(/start input first/);
  });

  test('the given state is never modified', () => {
    const given = fresh();
    const copy = structuredClone(given);
    const waiting = step(def, given, { kind: 'start' }, t0, ctx).instance;
    expect(given).toEqual(copy);
    const waitingCopy = structuredClone(waiting);
    step(def, waiting, { kind: 'wake' }, t0 + day, ctx);
    expect(waiting).toEqual(waitingCopy);
  });
});
