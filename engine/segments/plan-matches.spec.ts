import type { SegmentNode } from '../definitions/segment/segment-definition.schema.js';
import type { CustomerFacts } from './customer-facts.js';
import { planMatches } from './plan-matches.js';
import { planSegment } from './segment-plan.js';

const now = new Date('2025-03-09T16:30:00.000Z'); // 2025-03-10 01:30 KST

const facts = (over: Partial<CustomerFacts['customer']> = {}, rest: Partial<Omit<CustomerFacts, 'customer'>> = {}): CustomerFacts => ({
  customer: {
    customerNo: 'C001',
    status: 'ACTIVE',
    gender: null,
    birthDate: null,
    region: null,
    branchCode: null,
    propensity: null,
    riskGrade: 'LOW',
    segmentLabel: null,
    assignedStaffId: null,
    consentSms: false,
    consentEmail: false,
    consentPush: false,
    consentNight: false,
    tags: [],
    createdAt: new Date('2020-01-01T00:00:00Z'),
    statusChangedAt: null,
    ...over,
  },
  holdings: [],
  events: [],
  ...rest,
});
const is = (root: SegmentNode, f: CustomerFacts) => {
  const r = planSegment({ schemaVersion: 1, root }, { now, resolveSegment: () => undefined });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return planMatches(r.plan, f);
};

describe('planMatches', () => {
  it('treats an unknown value as not matching, and its negation as matching', () => {
    const seoul: SegmentNode = { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] };
    expect(is(seoul, facts())).toBe(false);
    expect(is({ type: 'attribute', field: 'region', op: 'notIn', values: ['SEOUL'] }, facts())).toBe(true);
    expect(is({ type: 'not', child: seoul }, facts({ region: 'SEOUL' }))).toBe(false);
  });

  it('compares text and tags exactly', () => {
    const vip: SegmentNode = { type: 'attribute', field: 'tags', op: 'hasAny', values: ['vip'] };
    expect(is(vip, facts({ tags: ['VIP'] }))).toBe(false);
    expect(is(vip, facts({ tags: ['vip '] }))).toBe(false);
    expect(is(vip, facts({ tags: ['a', 'vip'] }))).toBe(true);
    expect(is({ type: 'attribute', field: 'segmentLabel', op: 'eq', value: 'gold' }, facts({ segmentLabel: 'gold ' }))).toBe(false);
  });

  it('computes age on the Seoul calendar day', () => {
    const thirty: SegmentNode = { type: 'attribute', field: 'age', op: 'gte', value: 30 };
    expect(is(thirty, facts({ birthDate: '1995-03-10' }))).toBe(true); // 30th birthday is today in Seoul
    expect(is(thirty, facts({ birthDate: '1995-03-11' }))).toBe(false);
  });

  it('counts only events in the window whose properties match with their JSON type', () => {
    const ev = (iso: string, properties: Record<string, unknown> = {}) => ({ type: 'app.login', occurredAt: new Date(iso), properties });
    const twice: SegmentNode = {
      type: 'event',
      eventType: 'app.login',
      op: 'atLeast',
      times: 2,
      window: { kind: 'lastDays', days: 1 },
      where: [{ property: 'os', op: 'neq', value: 'ios' }],
    };
    const f = facts({}, { events: [ev('2025-03-09T16:30:00.000Z'), ev('2025-03-08T16:30:00.000Z', { os: 'android' }), ev('2025-03-08T16:29:59.999Z')] });
    expect(is(twice, f)).toBe(true);
    const g = facts({}, { events: [ev('2025-03-09T16:30:00.001Z'), ev('2025-03-09T10:00:00Z', { os: 'ios' }), ev('2025-03-09T11:00:00Z')] });
    expect(is(twice, g)).toBe(false);
    const numeric: SegmentNode = {
      type: 'event',
      eventType: 'app.login',
      op: 'atLeast',
      times: 1,
      window: { kind: 'lastDays', days: 1 },
      where: [{ property: 'n', op: 'gte', value: 5 }],
    };
    expect(is(numeric, facts({}, { events: [ev('2025-03-09T10:00:00Z', { n: '7' })] }))).toBe(false);
    expect(is(numeric, facts({}, { events: [ev('2025-03-09T10:00:00Z', { n: 7 })] }))).toBe(true);
  });

  it('sees only open holdings: closed today is closed, closed tomorrow is open', () => {
    const h = (closedOn: string | null) => ({ productCode: 'D1', productType: 'DEPOSIT', amount: 100, openedOn: '2024-01-01', closedOn });
    const holds: SegmentNode = { type: 'holding', mode: 'holds', productCode: 'D1', minAmount: 100 };
    expect(is(holds, facts({}, { holdings: [h('2025-03-10')] }))).toBe(false);
    expect(is(holds, facts({}, { holdings: [h('2025-03-11')] }))).toBe(true);
    expect(is({ type: 'holding', mode: 'notHolds', productCode: 'd1' }, facts({}, { holdings: [h(null)] }))).toBe(true);
  });
});
