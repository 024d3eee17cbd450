import type { SegmentNode } from '../definitions/segment/segment-definition.schema.js';
import { customerColumnsOf, planToQuery, planToSql } from './plan-to-sql.js';
import { planSegment } from './segment-plan.js';

const now = new Date('2025-03-09T16:30:00.000Z');
const sqlOf = (root: SegmentNode) => {
  const r = planSegment({ schemaVersion: 1, root }, { now, resolveSegment: () => undefined });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return planToSql(r.plan);
};

describe('planToSql', () => {
  it('guards nullable columns and compares strings as bytes, values as parameters', () => {
    const { sql, params } = sqlOf({ type: 'not', child: { type: 'attribute', field: 'segmentLabel', op: 'eq', value: "x' OR 1=1" } });
    expect(sql).toBe('(NOT (c.segment_label IS NOT NULL AND c.segment_label = ? AND CAST(c.segment_label AS BINARY) = ?))');
    expect(params).toEqual(["x' OR 1=1", "x' OR 1=1"]);
  });

  it('escapes LIKE wildcards for startsWith and contains', () => {
    expect(sqlOf({ type: 'attribute', field: 'customerNo', op: 'startsWith', value: 'C_1%' }).params).toEqual(['C!_1!%%']);
  });

  it('counts events with a grouped semi-join over the type/time index, instants as UTC text', () => {
    const { sql, params } = sqlOf({ type: 'event', eventType: 'app.login', op: 'atLeast', times: 3, window: { kind: 'lastDays', days: 1 }, where: [] });
    expect(sql).toBe(
      '(c.id IN (SELECT e.customer_id FROM behaviour_event e WHERE e.type = ? AND CAST(e.type AS BINARY) = ? AND e.occurred_at >= ? AND e.occurred_at < ? GROUP BY e.customer_id HAVING COUNT(*) >= ?))',
    );
    expect(params).toEqual(['app.login', 'app.login', '2025-03-08 16:30:00.000', '2025-03-09 16:30:00.001', 3]);
  });

  it('checks the JSON type of a property and makes neq true for a missing one', () => {
    const { sql, params } = sqlOf({
      type: 'event',
      eventType: 'x',
      op: 'atLeast',
      times: 1,
      window: { kind: 'lastDays', days: 1 },
      where: [{ property: 'amount', op: 'neq', value: 5 }],
    });
    expect(sql).toContain("NOT ((JSON_TYPE(JSON_EXTRACT(e.properties, ?)) IN ('INTEGER', 'DOUBLE') AND CAST(JSON_VALUE(e.properties, ?) AS DOUBLE) = CAST(? AS DOUBLE)) IS TRUE)");
    expect(params).toContain('$."amount"');
  });

  it('renders folded constants and uses the alias', () => {
    const r = planSegment({ schemaVersion: 1, root: { type: 'holding', mode: 'holds', productCode: 'D1' } }, { now, resolveSegment: () => undefined });
    if (!r.ok) throw new Error('plan failed');
    expect(planToSql(r.plan, 'cu').sql).toMatch(/^\(EXISTS \(SELECT 1 FROM holding h JOIN product p ON p\.id = h\.product_id WHERE h\.customer_id = cu\.id AND /);
    expect(sqlOf({ type: 'event', eventType: 'x', op: 'atLeast', times: 0, window: { kind: 'lastDays', days: 1 }, where: [] }).sql).toBe('(1=1)');
    expect(() => planToSql(r.plan, 'c; DROP')).toThrow();
  });

  it('planToQuery starts from the customers of a required event count, and checks the rest on them', () => {
    const r = planSegment(
      {
        schemaVersion: 1,
        root: {
          type: 'and',
          children: [
            { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] },
            { type: 'event', eventType: 'app.login', op: 'atLeast', times: 3, window: { kind: 'lastDays', days: 30 }, where: [] },
          ],
        },
      },
      { now, resolveSegment: () => undefined },
    );
    if (!r.ok) throw new Error('plan failed');
    const q = planToQuery(r.plan);
    expect(q.from).toMatch(
      /^\(SELECT e\.customer_id FROM behaviour_event e WHERE .* GROUP BY e\.customer_id HAVING COUNT\(\*\) >= \?\) driver STRAIGHT_JOIN customer c FORCE INDEX \(idx_customer_audience\) ON c\.id = driver\.customer_id$/,
    );
    expect(q.where).toContain('c.region IN (?)');
    expect(q.where).not.toContain('behaviour_event');
    expect(q.params).toContain(3);
  });

  it('planToQuery reads candidates from the row when a condition needs a column the audience index lacks', () => {
    const r = planSegment(
      {
        schemaVersion: 1,
        root: {
          type: 'and',
          children: [
            {
              type: 'or',
              children: [
                { type: 'attribute', field: 'consentSms', op: 'is', value: true },
                { type: 'not', child: { type: 'attribute', field: 'segmentLabel', op: 'eq', value: 'VIP' } },
              ],
            },
            { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 }, where: [] },
          ],
        },
      },
      { now, resolveSegment: () => undefined },
    );
    if (!r.ok) throw new Error('plan failed');
    expect(planToQuery(r.plan).from).not.toContain('FORCE INDEX');
    expect([...customerColumnsOf(r.plan.root)].sort()).toEqual(['consent_sms', 'segment_label']);
  });

  it('planToQuery scans customers when no event count is required (an OR or NOT is not a driver)', () => {
    const r = planSegment(
      { schemaVersion: 1, root: { type: 'not', child: { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 }, where: [] } } },
      { now, resolveSegment: () => undefined },
    );
    if (!r.ok) throw new Error('plan failed');
    const q = planToQuery(r.plan);
    expect(q.from).toBe('customer c');
    expect(q.where).toBe(planToSql(r.plan).sql);
  });
});
