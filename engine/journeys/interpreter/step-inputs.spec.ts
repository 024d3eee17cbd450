import type { JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import { step } from './step.js';
import type { JourneyInput, JourneyInstanceState } from './journey-step.types.js';
import { context, customerEvent, day, exit, fresh, hour, journey, minute, pause, send, start, t0, waitFor } from './step.fixtures.js';

/** Inputs on a waiting instance: wake-ups, events, segment exits, archiving, the deadline. */

const ctx = context();
const begin = (def: JourneyDefinition) => step(def, fresh(), { kind: 'start' }, t0, ctx).instance;

/**
 * Renewal: a notice, then wait 3 days for a renewal of at least 1,000,000;
 * renewed -> thanks; not -> reminder. Goal: a renewal within 7 days; exit
 * when the customer closes the account or leaves segment 3.
 */
const renewal = journey(
  [
    start('notice'),
    send('notice', 'renewed', 1),
    waitFor('renewed', 'deposit.renewed', 'P3D', 'thanks', 'reminder', [{ property: 'amount', op: 'gte', value: 1_000_000 }]),
    send('thanks', 'done', 2),
    send('reminder', 'done', 3),
    exit(),
  ],
  {
    goal: { eventType: 'holding.opened', where: [{ property: 'productType', op: 'eq', value: 'FUND' }], withinDays: 7 },
    exitWhen: [
      { type: 'event', eventType: 'account.closed', where: [] },
      { type: 'segmentExited', segmentId: 3 },
    ],
    maxDurationDays: 10,
  },
);
const timeout = t0 + 3 * day;
const renewed = (occurredAt: number, amount = 2_000_000) => ({ kind: 'event', event: customerEvent('deposit.renewed', occurredAt, { amount }) }) as const;

const expectIgnored = (instance: JourneyInstanceState, input: JourneyInput, now: number, def = renewal) => {
  const r = step(def, instance, input, now, ctx);
  expect(r.ignored).toEqual(expect.any(String));
  expect(r.instance).toBe(instance);
  expect(r.commands).toEqual([]);
  expect(r.steps).toEqual([]);
  expect(r.converted).toBeUndefined();
  return r;
};

describe('wake', () => {
  test('before the wait ends: ignored, instance unchanged', () => {
    expect(expectIgnored(begin(renewal), { kind: 'wake' }, timeout - 1).ignored).toBe('not due yet');
  });

  test('a wait for an event that timed out: onTimeout, moved by the timeout', () => {
    const r = step(renewal, begin(renewal), { kind: 'wake' }, timeout, ctx);
    expect(r.steps).toEqual([
      { nodeId: 'reminder', nodeType: 'sendMessage', visit: 1, at: timeout, cause: 'timeout' },
      { nodeId: 'done', nodeType: 'exit', visit: 1, at: timeout, cause: 'next' },
    ]);
    expect(r.commands).toMatchObject([{ kind: 'sendMessage', nodeId: 'reminder', templateId: 3 }]);
  });

  test('a woken duration wait moves on by `wake`, and a later wake on the new wait is not due', () => {
    const def = journey([start('a'), pause('a', 'PT1H', 'b'), pause('b', 'PT1H', 'done'), exit()]);
    const r = step(def, begin(def), { kind: 'wake' }, t0 + hour + 5, ctx);
    expect(r.steps).toEqual([{ nodeId: 'b', nodeType: 'waitDuration', visit: 1, at: t0 + hour + 5, cause: 'wake' }]);
    expect(r.instance.wait).toEqual({ kind: 'duration', nodeId: 'b', visit: 1, until: t0 + 2 * hour + 5 });
    expectIgnored(r.instance, { kind: 'wake' }, t0 + 2 * hour, def);
  });

  test('at the maximum duration: ended with maxDuration wherever it waits', () => {
    const def = journey([start('long'), pause('long', 'P5D', 'done'), exit()], { maxDurationDays: 5 });
    const waiting = begin(def);
    expect(waiting.dueAt).toBe(t0 + 5 * day);
    expect(step(def, waiting, { kind: 'wake' }, t0 + 5 * day - 1, ctx).ignored).toBe('not due yet');
    const r = step(def, waiting, { kind: 'wake' }, t0 + 5 * day, ctx);
    expect(r.steps).toEqual([]);
    expect(r.commands).toEqual([]);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'long', wait: null, dueAt: null, outcome: { reason: 'maxDuration', at: t0 + 5 * day } });
  });

  test('the deadline comes first for any input but archive: a late event does not move the instance on', () => {
    const r = step(renewal, begin(renewal), renewed(t0 + day), t0 + 10 * day, ctx);
    expect(r.instance.outcome?.reason).toBe('maxDuration');
    expect(r.commands).toEqual([]);
    expect(step(renewal, begin(renewal), { kind: 'archive' }, t0 + 10 * day, ctx).instance.outcome?.reason).toBe('archived');
  });
});

describe('event', () => {
  test('the awaited event, passing the filter: onEvent, moved by the event', () => {
    const r = step(renewal, begin(renewal), renewed(t0 + hour), t0 + hour + 2, ctx);
    expect(r.steps.map((s) => [s.nodeId, s.cause])).toEqual([
      ['thanks', 'event'],
      ['done', 'next'],
    ]);
    expect(r.commands).toMatchObject([{ kind: 'sendMessage', nodeId: 'thanks', templateId: 2 }]);
    expect(r.converted).toBeUndefined();
  });

  test('the wrong type, a failed filter, or an event from before the wait began: ignored', () => {
    const waiting = begin(renewal);
    expectIgnored(waiting, { kind: 'event', event: customerEvent('deposit.matured', t0 + hour, { amount: 2_000_000 }) }, t0 + hour);
    expectIgnored(waiting, renewed(t0 + hour, 999_999), t0 + hour);
    expectIgnored(waiting, { kind: 'event', event: customerEvent('deposit.renewed', t0 + hour, { amount: '2000000' }) }, t0 + hour);
    expectIgnored(waiting, renewed(t0 - 1), t0 + hour);
  });

  test('the tie: an event at the very instant of the timeout is the event, even when it arrives after the due time', () => {
    const r = step(renewal, begin(renewal), renewed(timeout), timeout + minute, ctx);
    expect(r.steps[0]).toMatchObject({ nodeId: 'thanks', cause: 'event' });
    // One millisecond later it is not.
    expectIgnored(begin(renewal), renewed(timeout + 1), timeout + minute);
  });

  test('decided once: after the timeout moved the instance on, the event is late; after the event, the wake is', () => {
    const timedOut = step(renewal, begin(renewal), { kind: 'wake' }, timeout, ctx).instance;
    expect(step(renewal, timedOut, renewed(timeout), timeout + 1, ctx).ignored).toBeDefined();

    const def = journey([start('w'), waitFor('w', 'app.login', 'P1D', 'after', 'other'), pause('after', 'P2D', 'done'), pause('other', 'P2D', 'done'), exit()]);
    const gotEvent = step(def, begin(def), { kind: 'event', event: customerEvent('app.login', t0 + day) }, t0 + day, ctx).instance;
    expect(gotEvent.nodeId).toBe('after');
    expectIgnored(gotEvent, { kind: 'wake' }, t0 + day + 1, def);
    // ...and the same event delivered twice moves it once.
    expectIgnored(gotEvent, { kind: 'event', event: customerEvent('app.login', t0 + day) }, t0 + day + 2, def);
  });

  test('the goal, mid-wait: converted with the event, before anything else', () => {
    const event = customerEvent('holding.opened', t0 + 2 * day, { productType: 'FUND' }, 'ev-77');
    const r = step(renewal, begin(renewal), { kind: 'event', event }, t0 + 2 * day, ctx);
    expect(r.converted).toEqual({ eventId: 'ev-77', eventType: 'holding.opened' });
    expect(r.steps).toEqual([]);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'renewed', wait: null, dueAt: null, outcome: { reason: 'goalReached', at: t0 + 2 * day } });
  });

  test('the goal counts only within withinDays of entry (both ends included) and with its filters', () => {
    const goalEvent = (occurredAt: number, productType = 'FUND') => ({ kind: 'event', event: customerEvent('holding.opened', occurredAt, { productType }) }) as const;
    // Entered a week ago, still waiting (a long wait).
    const def = journey([start('w'), pause('w', 'P9D', 'done'), exit()], { goal: renewal.goal, maxDurationDays: 10 });
    const waiting = begin(def);
    expect(step(def, waiting, goalEvent(t0 + 7 * day), t0 + 7 * day, ctx).converted).toBeDefined();
    expectIgnored(waiting, goalEvent(t0 + 7 * day + 1), t0 + 7 * day + 1, def);
    expectIgnored(waiting, goalEvent(t0 - 1), t0 + hour, def);
    expectIgnored(waiting, goalEvent(t0 + day, 'DEPOSIT'), t0 + day, def);
  });

  test('the goal wins over an exit condition and the wait when one event is all three', () => {
    const def = journey([start('w'), waitFor('w', 'x', 'P1D', 'done', 'done'), exit()], {
      goal: { eventType: 'x', where: [], withinDays: 1 },
      exitWhen: [{ type: 'event', eventType: 'x', where: [] }],
    });
    const r = step(def, begin(def), { kind: 'event', event: customerEvent('x', t0 + 1) }, t0 + 1, ctx);
    expect(r.instance.outcome?.reason).toBe('goalReached');
  });

  test('an exit condition event ends the instance, wherever it waits, before the wait gets it', () => {
    const r = step(renewal, begin(renewal), { kind: 'event', event: customerEvent('account.closed', t0 + hour) }, t0 + hour, ctx);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'renewed', outcome: { reason: 'exitCondition', at: t0 + hour } });
    expect(r.converted).toBeUndefined();
    const def = journey([start('w'), waitFor('w', 'x', 'P1D', 'done', 'done'), exit()], { exitWhen: [{ type: 'event', eventType: 'x', where: [] }] });
    expect(step(def, begin(def), { kind: 'event', event: customerEvent('x', t0 + 1) }, t0 + 1, ctx).instance.outcome?.reason).toBe('exitCondition');
    // An event from before the entry is not the instance's business.
    expectIgnored(begin(renewal), { kind: 'event', event: customerEvent('account.closed', t0 - 1) }, t0 + hour);
  });

  test('while a webhook call is in flight, the goal and exit conditions still apply', () => {
    const def = journey([start('hook'), { id: 'hook', type: 'webhook', url: 'https://crm.bank.example/h', payload: ['customerNo'], next: 'done' }, exit()], {
      goal: renewal.goal,
      exitWhen: renewal.exitWhen,
    });
    const waiting = begin(def);
    expect(step(def, waiting, { kind: 'event', event: customerEvent('holding.opened', t0 + 1, { productType: 'FUND' }) }, t0 + 1, ctx).instance.outcome?.reason).toBe(
      'goalReached',
    );
    expect(step(def, waiting, { kind: 'segmentExited', segmentId: 3 }, t0 + 1, ctx).instance.outcome?.reason).toBe('leftSegment');
    const gone = step(def, waiting, { kind: 'archive' }, t0 + 1, ctx).instance;
    // The result that comes back afterwards is late.
    expectIgnored(gone, { kind: 'webhookResult', nodeId: 'hook', visit: 1, ok: true }, t0 + 2, def);
  });
});

describe('segmentExited', () => {
  test('leaving a segment named in an exit condition: leftSegment', () => {
    const r = step(renewal, begin(renewal), { kind: 'segmentExited', segmentId: 3 }, t0 + hour, ctx);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'renewed', outcome: { reason: 'leftSegment', at: t0 + hour } });
  });

  test('another segment: ignored', () => {
    expectIgnored(begin(renewal), { kind: 'segmentExited', segmentId: 4 }, t0 + hour);
  });
});

describe('archive and ended instances', () => {
  test('archive ends a waiting instance where it is', () => {
    const r = step(renewal, begin(renewal), { kind: 'archive' }, t0 + hour, ctx);
    expect(r.instance).toMatchObject({ status: 'ended', nodeId: 'renewed', wait: null, dueAt: null, outcome: { reason: 'archived', at: t0 + hour } });
    expect(r.instance.visits).toEqual({ start: 1, notice: 1, renewed: 1 });
  });

  test('an ended instance ignores every input', () => {
    const ended = step(renewal, begin(renewal), { kind: 'segmentExited', segmentId: 3 }, t0 + hour, ctx).instance;
    const inputs: JourneyInput[] = [
      { kind: 'start' },
      { kind: 'wake' },
      renewed(t0 + 2 * hour),
      { kind: 'segmentExited', segmentId: 3 },
      { kind: 'webhookResult', nodeId: 'renewed', visit: 1, ok: true },
      { kind: 'archive' },
      { kind: 'event', event: customerEvent('holding.opened', t0 + 2 * hour, { productType: 'FUND' }) },
    ];
    for (const input of inputs) expect(expectIgnored(ended, input, t0 + 20 * day).ignored).toBe('the instance has ended');
  });
});

test('a loop through a wait counts visits and keys every send by its visit', () => {
  const def = journey([start('nudge'), send('nudge', 'w'), waitFor('w', 'app.login', 'P1D', 'done', 'nudge'), exit()], { maxDurationDays: 30 });
  let instance = begin(def);
  const sends: string[] = [];
  for (let i = 1; i <= 3; i += 1) {
    const r = step(def, instance, { kind: 'wake' }, t0 + i * day, ctx);
    r.commands.forEach((c) => sends.push(`${c.nodeId}:${c.visit}`));
    expect(r.steps.map((s) => [s.nodeId, s.visit, s.cause])).toEqual([
      ['nudge', i + 1, 'timeout'],
      ['w', i + 1, 'next'],
    ]);
    instance = r.instance;
  }
  expect(sends).toEqual(['nudge:2', 'nudge:3', 'nudge:4']);
  expect(instance.visits).toEqual({ start: 1, nudge: 4, w: 4 });
});
