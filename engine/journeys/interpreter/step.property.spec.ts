import fc from 'fast-check';
import { validateJourneyDefinition } from '../../../builder/journey/validate-journey-definition.js';
import type { JourneyDefinition } from '../../definitions/journey/journey-definition.schema.js';
import { dueAtOf } from './instance-state.js';
import type { JourneyInput, JourneyInstanceState, StepContext, StepResult } from './journey-step.types.js';
import { maxStepsPerInput, newInstanceState, step } from './step.js';
import { walkErrorCodes } from './walk.js';

/**
 * Random published journeys (every block type, loops through waits, splits,
 * goals and exit conditions) driven by random inputs at random times. Checked
 * on every input: the bound on blocks entered, the instance never lost, no
 * message sent twice for one (block, visit), visits only growing, an ended
 * instance never changing, and a published journey never failing in the
 * interpreter itself.
 */

const minute = 60_000;
const t0 = Date.parse('2026-12-18T09:00:00+09:00');
const eventTypes = ['a', 'b', 'c'] as const;
const holidays = new Set(['2026-12-25', '2027-01-01']);
const blockTypes = ['waitDuration', 'waitUntil', 'waitForEvent', 'condition', 'split', 'sendMessage', 'updateCustomer', 'webhook', 'goal', 'exit'] as const;
type BlockType = (typeof blockTypes)[number];
const holds = (type: string) => type === 'waitDuration' || type === 'waitForEvent';
const exitCount = (type: BlockType, picks: number[]) =>
  type === 'goal' || type === 'exit' ? 0 : type === 'condition' || type === 'waitForEvent' ? 2 : type === 'split' ? 2 + (picks[0] % 2) : 1;

const blockArb = fc.record({
  type: fc.constantFrom(...blockTypes),
  picks: fc.array(fc.nat({ max: 100_000 }), { minLength: 12, maxLength: 12 }),
});

const definitionArb = fc
  .record({
    blocks: fc.array(blockArb, { minLength: 1, maxLength: 12 }),
    goal: fc.option(fc.record({ eventType: fc.constantFrom(...eventTypes), withinDays: fc.integer({ min: 1, max: 10 }), min: fc.option(fc.integer({ min: 0, max: 9 })) })),
    exitEvents: fc.subarray([...eventTypes], { maxLength: 1 }),
    exitSegments: fc.subarray([1, 2], { maxLength: 2 }),
    maxDurationDays: fc.integer({ min: 3, max: 20 }),
  })
  .map(build);

/**
 * Blocks 1..k as generated, then a final exit. A block that never holds the
 * customer only leads forward or into a block that holds; a block that holds
 * may lead anywhere but the start. So every loop waits, every exit is
 * connected; blocks the start cannot reach are dropped.
 */
function build(g: {
  blocks: Array<{ type: BlockType; picks: number[] }>;
  goal: { eventType: string; withinDays: number; min: number | null } | null;
  exitEvents: string[];
  exitSegments: number[];
  maxDurationDays: number;
}): JourneyDefinition {
  const types: string[] = ['start', ...g.blocks.map((b) => b.type), 'exit'];
  const ids = types.map((_, i) => (i === 0 ? 'start' : `n${i}`));
  const targetsOf = (i: number, picks: number[], count: number) => {
    const eligible = ids.flatMap((id, j) => (j > 0 && (j > i || holds(types[j]) || holds(types[i])) ? [id] : []));
    return Array.from({ length: count }, (_, e) => eligible[picks[e + 1] % eligible.length]);
  };
  const filter = (min: number | null) => (min === null ? [] : [{ property: 'v', op: 'gte', value: min }]);
  const nodes: Array<Record<string, unknown>> = [{ id: 'start', type: 'start', next: targetsOf(0, [0, g.blocks[0].picks[11]], 1)[0] }];
  g.blocks.forEach(({ type, picks }, index) => {
    const i = index + 1;
    const id = ids[i];
    const [next, second, third] = targetsOf(i, picks, exitCount(type, picks));
    const p = (k: number) => picks[k];
    switch (type) {
      case 'waitDuration':
        return nodes.push({ id, type, duration: `PT${1 + (p(5) % 2880)}M`, next });
      case 'waitUntil': {
        if (p(5) % 3 === 0) return nodes.push({ id, type, until: { kind: 'dateTime', at: new Date(t0 + ((p(6) % 6000) - 1000) * minute).toISOString() }, next });
        const from = p(6) % 1439;
        const to = p(7) % 2 ? undefined : from + 1 + (p(8) % (1439 - from));
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const week = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].filter((_, d) => (p(9) >> d) & 1);
        const nextBusinessDay = p(10) % 2 === 0;
        const weekdays = week.length === 0 || (nextBusinessDay && week.every((d) => d === 'SAT' || d === 'SUN')) ? [...week, 'WED'] : week;
        const timeZone = ['customer', 'Asia/Seoul', 'America/New_York'][p(11) % 3];
        return nodes.push({ id, type, until: { kind: 'window', from: hhmm(from), ...(to === undefined ? {} : { to: hhmm(to) }), weekdays, nextBusinessDay, timeZone }, next });
      }
      case 'waitForEvent':
        return nodes.push({
          id,
          type,
          eventType: eventTypes[p(5) % 3],
          where: filter(p(6) % 2 ? null : p(7) % 10),
          timeout: `PT${1 + (p(8) % 2880)}M`,
          onEvent: next,
          onTimeout: second,
        });
      case 'condition':
        return nodes.push({ id, type, condition: { type: 'segment', segmentId: 1 }, onTrue: next, onFalse: second });
      case 'split': {
        const w1 = p(5) % 101;
        const weights = third === undefined ? [w1, 100 - w1] : [w1, p(6) % (101 - w1), 0];
        if (third !== undefined) weights[2] = 100 - weights[0] - weights[1];
        return nodes.push({ id, type, branches: [next, second, third].filter((t) => t !== undefined).map((t, b) => ({ id: `br${b}`, weight: weights[b], next: t })) });
      }
      case 'sendMessage':
        return nodes.push({ id, type, channel: (['sms', 'email', 'push'] as const)[p(5) % 3], templateId: 1 + (p(6) % 9), next });
      case 'updateCustomer':
        return nodes.push({ id, type, change: { kind: 'addTag', tag: `t${p(5) % 5}` }, next });
      case 'webhook':
        return nodes.push({ id, type, url: 'https://crm.bank.example/hooks/x', payload: ['customerNo', 'nodeId'], next });
      case 'goal':
      case 'exit':
        return nodes.push({ id, type });
    }
  });
  nodes.push({ id: ids[ids.length - 1], type: 'exit' });

  // Keep what the start reaches.
  const byId = new Map(nodes.map((n) => [n.id as string, n]));
  const outs = (n: Record<string, unknown>): string[] =>
    [n.next, n.onTrue, n.onFalse, n.onEvent, n.onTimeout, ...((n.branches as Array<{ next: string }> | undefined) ?? []).map((b) => b.next)].filter(
      (t): t is string => typeof t === 'string',
    );
  const reached = new Set(['start']);
  const todo = ['start'];
  while (todo.length) {
    for (const t of outs(byId.get(todo.pop()!)!)) {
      if (!reached.has(t)) {
        reached.add(t);
        todo.push(t);
      }
    }
  }

  const input = {
    version: 1,
    entry: { type: 'api' },
    reEntry: { kind: 'always' },
    ...(g.goal ? { goal: { eventType: g.goal.eventType, where: filter(g.goal.min), withinDays: g.goal.withinDays } } : {}),
    exitWhen: [...g.exitEvents.map((eventType) => ({ type: 'event', eventType, where: [] })), ...g.exitSegments.map((segmentId) => ({ type: 'segmentExited', segmentId }))],
    maxDurationDays: g.maxDurationDays,
    nodes: nodes.filter((n) => reached.has(n.id as string)),
  };
  const r = validateJourneyDefinition(input);
  if (!r.ok) throw new Error(`the generator made a journey that does not publish: ${JSON.stringify(r.problems)}\n${JSON.stringify(input)}`);
  return r.definition;
}

type InputSpec =
  | { kind: 'wake'; advance: number }
  | { kind: 'wakeAtDue' }
  | { kind: 'event'; advance: number; type: string; v: number; lag: number; atTimeout: boolean }
  | { kind: 'webhookResult'; advance: number; ok: boolean; stale: boolean }
  | { kind: 'segmentExited'; advance: number; segmentId: number }
  | { kind: 'archive'; advance: number };

const advance = fc.integer({ min: 0, max: 3000 }).map((m) => m * minute);
const inputArb: fc.Arbitrary<InputSpec> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('wake' as const), advance }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'wakeAtDue' as const }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      advance,
      type: fc.constantFrom(...eventTypes),
      v: fc.integer({ min: 0, max: 9 }),
      lag: fc.integer({ min: 0, max: 120 }).map((m) => m * minute),
      atTimeout: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('webhookResult' as const), advance, ok: fc.boolean(), stale: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('segmentExited' as const), advance, segmentId: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('archive' as const), advance }), weight: 1 },
);

/** The input and the time it arrives at, given where the instance is. */
function inputAt(spec: InputSpec, instance: JourneyInstanceState, previous: number): { input: JourneyInput; now: number } {
  const wait = instance.wait;
  switch (spec.kind) {
    case 'wake':
      return { input: { kind: 'wake' }, now: previous + spec.advance };
    case 'wakeAtDue':
      return { input: { kind: 'wake' }, now: Math.max(previous, instance.dueAt ?? previous) };
    case 'event': {
      if (spec.atTimeout && wait?.kind === 'event') {
        const now = Math.max(previous, wait.until) + spec.lag;
        return { input: { kind: 'event', event: { id: `e${now}`, type: spec.type, occurredAt: wait.until, properties: { v: spec.v } } }, now };
      }
      const now = previous + spec.advance;
      return { input: { kind: 'event', event: { id: `e${now}`, type: spec.type, occurredAt: now - spec.lag, properties: { v: spec.v } } }, now };
    }
    case 'webhookResult': {
      const target =
        wait?.kind === 'webhook' && !spec.stale ? { nodeId: wait.nodeId, visit: wait.visit } : { nodeId: instance.nodeId, visit: (instance.visits[instance.nodeId] ?? 0) + 1 };
      const now = previous + spec.advance;
      return { input: spec.ok ? { kind: 'webhookResult', ...target, ok: true } : { kind: 'webhookResult', ...target, ok: false, errorCode: 'webhookFailed' }, now };
    }
    case 'segmentExited':
      return { input: { kind: 'segmentExited', segmentId: spec.segmentId }, now: previous + spec.advance };
    case 'archive':
      return { input: { kind: 'archive' }, now: previous + spec.advance };
  }
}

const interpreterCodes = new Set<string>(Object.values(walkErrorCodes));

function checkResult(definition: JourneyDefinition, before: JourneyInstanceState | null, r: StepResult, sent: Set<string>): void {
  const { instance } = r;
  expect(r.steps.length).toBeLessThanOrEqual(maxStepsPerInput(definition));
  // Never lost: a state at rest, consistent with its status.
  if (instance.status === 'waiting') {
    expect(instance.wait).not.toBeNull();
    expect(instance.outcome).toBeNull();
    expect(instance.nodeId).toBe(instance.wait!.nodeId);
    expect(instance.dueAt).toBe(dueAtOf(definition, instance, instance.wait!));
  } else {
    expect(instance.status).toBe('ended');
    expect(instance.outcome).not.toBeNull();
    expect(instance.wait).toBeNull();
    expect(instance.dueAt).toBeNull();
    // A published journey never fails in the interpreter itself (only a webhook can fail it).
    if (instance.outcome!.errorCode !== undefined) expect(interpreterCodes.has(instance.outcome!.errorCode)).toBe(false);
  }
  // One send per (block, visit), ever; every command belongs to a block entered by this input.
  for (const c of r.commands) {
    expect(r.steps.some((s) => s.nodeId === c.nodeId && s.visit === c.visit)).toBe(true);
    if (c.kind !== 'sendMessage') continue;
    const key = `${c.nodeId}:${c.visit}`;
    expect(sent.has(key)).toBe(false);
    sent.add(key);
  }
  // Visits only grow, and the records count them.
  const previous = before?.visits ?? {};
  for (const [id, n] of Object.entries(previous)) expect(instance.visits[id]).toBeGreaterThanOrEqual(n);
  for (const s of r.steps) expect(instance.visits[s.nodeId]).toBeGreaterThanOrEqual(s.visit);
  for (const [id, n] of Object.entries(instance.visits)) expect(n).toBe((previous[id] ?? 0) + r.steps.filter((s) => s.nodeId === id).length);
  // An ended instance never changes again.
  if (before?.status === 'ended') {
    expect(r.ignored).toBeDefined();
    expect(instance).toEqual(before);
    expect(r.commands).toEqual([]);
    expect(r.steps).toEqual([]);
  }
  if (r.ignored !== undefined) expect(instance).toBe(before);
}

/** What a run went through, so the coverage test can tell the generators reach every corner. */
interface Seen {
  add(what: string): void;
}

function run(definition: JourneyDefinition, inputs: InputSpec[], answers: boolean[], timeZone: string, seen?: Seen): void {
  let asked = 0;
  const ctx: StepContext = { conditionHolds: () => answers[asked++ % answers.length], isHoliday: (d) => holidays.has(d) };
  const sent = new Set<string>();
  const note = (r: StepResult, input: JourneyInput, before: JourneyInstanceState | null) => {
    if (!seen) return;
    if (r.instance.wait) seen.add(`wait:${r.instance.wait.kind}`);
    if (r.instance.outcome && before?.status !== 'ended') seen.add(`outcome:${r.instance.outcome.reason}`);
    r.steps.forEach((s) => seen.add(`cause:${s.cause.startsWith('branch:') ? 'branch' : s.cause}`));
    if (r.ignored !== undefined) seen.add(`ignored:${input.kind}`);
    if (input.kind === 'event' && before?.wait?.kind === 'event' && input.event.occurredAt === before.wait.until && r.steps[0]?.cause === 'event') seen.add('tie');
  };
  let r = step(definition, newInstanceState({ customerNo: 'C42', timeZone, enteredAt: t0 }), { kind: 'start' }, t0, ctx);
  checkResult(definition, null, r, sent);
  note(r, { kind: 'start' }, null);
  let now = t0;
  for (const spec of inputs) {
    const before = r.instance;
    const at = inputAt(spec, before, now);
    now = at.now;
    r = step(definition, before, at.input, now, ctx);
    checkResult(definition, before, r, sent);
    note(r, at.input, before);
  }
}

const runArb = fc.tuple(
  definitionArb,
  fc.array(inputArb, { minLength: 1, maxLength: 25 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  fc.constantFrom('Asia/Seoul', 'America/New_York', 'Europe/London'),
);

test('random published journeys under random inputs keep every invariant', () => {
  fc.assert(
    fc.property(runArb, ([definition, inputs, answers, timeZone]) => run(definition, inputs, answers, timeZone)),
    { numRuns: 400 },
  );
});

test('the generators reach every block type, wait, outcome and cause, and the event-timeout tie', () => {
  const types = new Set<string>();
  const seen = new Set<string>();
  fc.assert(
    fc.property(runArb, ([definition, inputs, answers, timeZone]) => {
      definition.nodes.forEach((n) => types.add(n.type));
      run(definition, inputs, answers, timeZone, seen);
    }),
    { numRuns: 300, seed: 7 },
  );
  expect([...types].sort()).toEqual(['start', ...blockTypes].sort());
  const expected = [
    'wait:duration',
    'wait:until',
    'wait:event',
    'wait:webhook',
    'outcome:completed',
    'outcome:goalReached',
    'outcome:exitCondition',
    'outcome:leftSegment',
    'outcome:maxDuration',
    'outcome:archived',
    'outcome:failed',
    'cause:start',
    'cause:next',
    'cause:true',
    'cause:false',
    'cause:branch',
    'cause:event',
    'cause:timeout',
    'cause:wake',
    'cause:webhook',
    'ignored:wake',
    'ignored:event',
    'ignored:webhookResult',
    'ignored:segmentExited',
    'tie',
  ];
  expect(expected.filter((e) => !seen.has(e))).toEqual([]);
});
