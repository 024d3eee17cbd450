import type { SegmentDefinition, SegmentNode } from '../definitions/segment/segment-definition.schema.js';
import { addDays, kstDayStart, planNeeds, mergeNeeds, planSegment, shiftYears, type PlanNode } from './segment-plan.js';

// 2025-03-10 01:30 KST is still 2025-03-09 in UTC: "today" must be the Seoul day.
const now = new Date('2025-03-09T16:30:00.000Z');
const def = (root: SegmentNode): SegmentDefinition => ({ schemaVersion: 1, root });
const plan = (root: SegmentNode, segments: Record<number, SegmentDefinition> = {}) => planSegment(def(root), { now, resolveSegment: (id) => segments[id] });
const rootOf = (root: SegmentNode, segments?: Record<number, SegmentDefinition>): PlanNode => {
  const r = plan(root, segments);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.plan.root;
};

describe('calendar helpers', () => {
  it('shifts years and clamps Feb 29 to Feb 28', () => {
    expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(shiftYears('2025-03-10', -30)).toBe('1995-03-10');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(kstDayStart('2025-03-10').toISOString()).toBe('2025-03-09T15:00:00.000Z');
  });
});

describe('planSegment', () => {
  it('turns an age range into birth-date bounds on the Seoul calendar day', () => {
    const n = rootOf({ type: 'attribute', field: 'age', op: 'between', min: 30, max: 39 });
    // 30 today: born on or before 1995-03-10; not yet 40: born after 1985-03-10.
    expect(n).toMatchObject({ kind: 'dayRange', from: '1985-03-11', to: '1995-03-10', col: { column: 'birth_date' } });
  });

  it('makes a DATETIME "between" the KST days, end exclusive', () => {
    const n = rootOf({ type: 'attribute', field: 'customerSince', op: 'between', from: '2025-01-01', to: '2025-01-31' });
    expect(n).toMatchObject({ kind: 'instantRange', from: new Date('2024-12-31T15:00:00Z'), until: new Date('2025-01-31T15:00:00Z') });
  });

  it('counts events of the last D days up to and including now', () => {
    const n = rootOf({ type: 'event', eventType: 'app.login', op: 'atLeast', times: 2, window: { kind: 'lastDays', days: 30 }, where: [] });
    expect(n).toEqual({
      kind: 'events',
      eventType: 'app.login',
      atLeast: 2,
      where: [],
      from: new Date(now.getTime() - 30 * 86_400_000),
      until: new Date(now.getTime() + 1),
    });
  });

  it('rewrites atMost N as NOT atLeast N+1 and folds atLeast 0 to true', () => {
    const atMost = rootOf({ type: 'event', eventType: 'x', op: 'atMost', times: 0, window: { kind: 'lastDays', days: 7 }, where: [] });
    expect(atMost).toMatchObject({ kind: 'not', child: { kind: 'events', atLeast: 1 } });
    const atLeast0 = rootOf({
      type: 'and',
      children: [
        { type: 'event', eventType: 'x', op: 'atLeast', times: 0, window: { kind: 'lastDays', days: 7 }, where: [] },
        { type: 'attribute', field: 'consentSms', op: 'is', value: true },
      ],
    });
    expect(atLeast0).toMatchObject({ kind: 'bool', value: true });
  });

  it('holding "open" compares closed_on with the Seoul day; notHolds is NOT holds', () => {
    const n = rootOf({ type: 'holding', mode: 'notHolds', productType: 'FUND', openedWithinDays: 10 });
    expect(n).toMatchObject({ kind: 'not', child: { kind: 'holding', today: '2025-03-10', productType: 'FUND', openedFrom: '2025-02-28', openedTo: '2025-03-10' } });
  });

  it('inlines referenced segments and reports unknown ones and cycles', () => {
    const vip: SegmentDefinition = def({ type: 'attribute', field: 'tags', op: 'hasAny', values: ['vip'] });
    expect(rootOf({ type: 'not', child: { type: 'segment', segmentId: 3 } }, { 3: vip })).toEqual({ kind: 'not', child: { kind: 'tag', value: 'vip' } });

    const missing = plan(
      {
        type: 'and',
        children: [
          { type: 'segment', segmentId: 12 },
          { type: 'segment', segmentId: 3 },
        ],
      },
      { 3: vip },
    );
    expect(missing).toEqual({
      ok: false,
      errors: [{ path: 'root.children.0.segmentId', message: 'segment 12 does not exist or is not published', code: 'segmentNotPublished', params: { id: 12 } }],
    });

    const cyclic = plan({ type: 'segment', segmentId: 1 }, { 1: def({ type: 'segment', segmentId: 2 }), 2: def({ type: 'segment', segmentId: 1 }) });
    expect(cyclic.ok).toBe(false);
    if (!cyclic.ok) expect(cyclic.errors[0].message).toBe('segments 1 -> 2 -> 1 refer to each other in a cycle');
  });

  it('planNeeds reports holdings and the earliest event instant', () => {
    const r = plan({
      type: 'or',
      children: [
        { type: 'event', eventType: 'a', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 7 }, where: [] },
        {
          type: 'event',
          eventType: 'b',
          op: 'atMost',
          times: 1,
          window: { kind: 'between', from: '2025-01-01', to: '2025-01-02' },
          where: [{ property: 'channel', op: 'eq', value: 'app' }],
        },
        { type: 'holding', mode: 'holds' },
      ],
    });
    if (!r.ok) throw new Error('plan failed');
    const needs = planNeeds(r.plan);
    expect(needs).toEqual({
      holdings: true,
      eventsSince: new Date('2024-12-31T15:00:00Z'),
      eventsUntil: new Date(now.getTime() + 1),
      eventTypes: ['a', 'b'],
      propertyTypes: ['b'],
    });
    const none = plan({ type: 'attribute', field: 'status', op: 'in', values: ['ACTIVE'] });
    if (!none.ok) throw new Error('plan failed');
    expect(planNeeds(none.plan)).toEqual({ holdings: false, eventsSince: null, eventsUntil: null, eventTypes: [], propertyTypes: [] });
    // Merged for many plans: the widest window, every type, holdings if any plan needs them.
    const c = plan({ type: 'event', eventType: 'c', op: 'atLeast', times: 2, window: { kind: 'lastDays', days: 90 }, where: [{ property: 'x', op: 'gt', value: 1 }] });
    if (!c.ok) throw new Error('plan failed');
    expect(mergeNeeds([planNeeds(none.plan), needs, planNeeds(c.plan)])).toEqual({
      holdings: true,
      eventsSince: new Date(now.getTime() - 90 * 86_400_000),
      eventsUntil: new Date(now.getTime() + 1),
      eventTypes: ['a', 'b', 'c'],
      propertyTypes: ['b', 'c'],
    });
  });
});
