import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { parseSegmentDefinition, type SegmentDefinition, type SegmentNode } from '../engine/definitions/segment/segment-definition.schema.js';
import { loadCustomerFacts } from '../engine/segments/customer-facts.js';
import { planMatches } from '../engine/segments/plan-matches.js';
import { planToQuery, planToSql, sqlInstant } from '../engine/segments/plan-to-sql.js';
import { addDays, kstDayStart, planNeeds, planSegment, shiftYears } from '../engine/segments/segment-plan.js';
import { seoulDate } from '../resources/shared/write-result.js';
import { createScratchDb } from './support/scratch-db.js';
import { testEnv } from './support/test-env.js';

/**
 * The two segment evaluators must agree: the SQL membership query (refreshes,
 * audience counts) and the in-memory matcher (every incoming event). For
 * random small populations, built to sit on the edges where they could
 * differ (NULLs, 'vip' vs 'VIP' vs 'vip ', window and KST-midnight
 * boundaries to the millisecond, JSON properties of the wrong type), and
 * random definitions, both must pick exactly the same customers out of a
 * real MariaDB. It runs in its own scratch database: other suites count
 * rows in the shared test database.
 */

const dbName = `${testEnv.dbName}_segeval`;
const dayMs = 86_400_000;
let ds: DataSource;

beforeAll(async () => {
  ds = await createScratchDb(dbName);
  await ds.query(`INSERT INTO staff (id, email, display_name, role, password_hash) VALUES
    (1, 'a@test', 'A', 'marketer', 'x'), (2, 'b@test', 'B', 'banker', 'x')`);
  for (const [id, code, type, deleted] of products) {
    await ds.query(`INSERT INTO product (id, code, name, type, category, risk_grade, deleted_at) VALUES (?, ?, ?, ?, 'c', 3, ?)`, [
      id,
      code,
      code,
      type,
      deleted ? '2024-01-01 00:00:00.000' : null,
    ]);
    await ds.query(
      `INSERT INTO product_version (id, product_id, version_no, label, status, valid_from, author_id, last_edited_by)
      VALUES (?, ?, 1, 'v1', 'PUBLISHED', '2020-01-01', 1, 1)`,
      [id, id],
    );
  }
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
});

// ---------------------------------------------------------------- population

/** Product codes are unique case-insensitively, so case variants live only in definitions ('fund1'). */
const products: Array<[number, string, string, boolean]> = [
  [1, 'DEP1', 'DEPOSIT', false],
  [2, 'Fund1', 'FUND', false],
  [3, 'LOAN1', 'LOAN', false],
  [4, 'OLD1', 'SAVINGS', true],
];

/** An instant relative to `now`: N days before now, or a KST midnight N days back, nudged by a few ms or an hour. */
const instantArb = fc.record({
  anchor: fc.constantFrom('now', 'midnight'),
  days: fc.constantFrom(0, 1, 6, 7, 8, 29, 30, 31, 400),
  delta: fc.constantFrom(-3_600_000, -1, 0, 1, 3_600_000),
});
type InstantSpec = { anchor: 'now' | 'midnight'; days: number; delta: number };
const instantAt = (s: InstantSpec, now: Date): Date =>
  new Date((s.anchor === 'now' ? now.getTime() - s.days * dayMs : kstDayStart(addDays(seoulDate(now), -s.days)).getTime()) + s.delta);

const dayArb = fc.record({ days: fc.constantFrom(0, 1, 6, 7, 8, 10, 11, 30, 31, 365), delta: fc.constantFrom(-1, 0, 1) });
const dayAt = (s: { days: number; delta: number }, now: Date) => addDays(seoulDate(now), -s.days + s.delta);

const jsonValue = fc.constantFrom<unknown>('ios', 'IOS', 'ios ', 'android', '5', 5, 5.5, 0, -3, 100, true, false, null, { x: 1 }, [1]);
const propertiesArb = fc.dictionary(fc.constantFrom('os', 'amount', 'ok', 'n'), jsonValue, { maxKeys: 4 });

const customerArb = fc.record({
  prefix: fc.constantFrom('C', 'c', 'AB', 'Ab'),
  suffix: fc.constantFrom('', ' ', 'x'),
  status: fc.constantFrom('ACTIVE', 'DORMANT', 'SUSPENDED', 'WITHDRAWN'),
  gender: fc.constantFrom(null, 'M', 'F'),
  birth: fc.option(
    fc.oneof(fc.record({ years: fc.constantFrom(0, 18, 29, 30, 39, 40, 65), delta: fc.constantFrom(-1, 0, 1) }), fc.constantFrom({ fixed: '2000-02-29' }, { fixed: '1996-02-29' })),
    { freq: 4 },
  ),
  region: fc.constantFrom(null, 'SEOUL', 'seoul', 'SEOUL ', 'BUSAN', 'JEJU'),
  branch: fc.constantFrom(null, 'B01', 'b01', 'B01 ', 'B02'),
  propensity: fc.constantFrom(null, 'STABLE', 'NEUTRAL', 'AGGRESSIVE'),
  riskGrade: fc.constantFrom('LOW', 'MEDIUM', 'HIGH'),
  label: fc.constantFrom(null, 'gold', 'Gold', 'gold ', 'golden', 'a_b', 'a%b', 'xgoldx', ''),
  staff: fc.constantFrom(null, 1, 2),
  consents: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  tags: fc.subarray(['vip', 'VIP', 'salary', 'vip ', 'young']),
  createdAt: instantArb,
  statusChangedAt: fc.option(instantArb),
  holdings: fc.array(
    fc.record({
      product: fc.constantFrom(1, 2, 3, 4),
      amount: fc.constantFrom(0, 100, 1000, 5000, 1_000_000, 2 ** 40),
      opened: dayArb,
      closed: fc.option(fc.constantFrom(-1, 0, 1, 30), { freq: 2 }),
    }),
    { maxLength: 3 },
  ),
  events: fc.array(
    fc.record({
      type: fc.constantFrom('app.login', 'App.Login', 'card.pay', 'web.visit'),
      at: fc.oneof(instantArb, fc.constant({ anchor: 'now' as const, days: 0, delta: 1 })),
      properties: propertiesArb,
    }),
    { maxLength: 6 },
  ),
});
type CustomerSpec = typeof customerArb extends fc.Arbitrary<infer T> ? T : never;

async function insertPopulation(customers: CustomerSpec[], now: Date): Promise<void> {
  await ds.query('DELETE FROM behaviour_event');
  await ds.query('DELETE FROM holding');
  await ds.query('DELETE FROM customer');
  const today = seoulDate(now);
  const rows: unknown[][] = customers.map((c, i) => {
    const b = c.birth;
    const birth = b === null ? null : 'fixed' in b ? b.fixed : addDays(shiftYears(today, -b.years), b.delta);
    return [
      i + 1,
      `${c.prefix}${i + 1}${c.suffix}`,
      c.status,
      c.gender,
      birth,
      c.region,
      c.branch,
      c.propensity,
      c.riskGrade,
      c.label,
      c.staff,
      ...c.consents.map((x) => (x ? 1 : 0)),
      c.tags.join(','),
      sqlInstant(instantAt(c.createdAt, now)),
      c.statusChangedAt && sqlInstant(instantAt(c.statusChangedAt, now)),
    ];
  });
  await ds.query(
    `INSERT INTO customer (id, customer_no, status, gender, birth_date, region, branch_code, propensity, risk_grade,
      segment_label, assigned_staff_id, consent_sms, consent_email, consent_push, consent_night, tags, created_at, status_changed_at)
    VALUES ${rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`,
    rows.flat(),
  );

  const holdings = customers.flatMap((c, i) => c.holdings.map((h) => [i + 1, h.product, h.amount, dayAt(h.opened, now), h.closed === null ? null : addDays(today, h.closed)]));
  if (holdings.length) {
    await ds.query(
      `INSERT INTO holding (contract_no, customer_id, product_id, product_version_id, branch_code, amount, opened_on, closed_on)
      VALUES ${holdings.map((_, k) => `('K${k}', ?, ?, ?, 'B01', ?, ?, ?)`).join(', ')}`,
      holdings.flatMap(([cid, pid, amount, opened, closed]) => [cid, pid, pid, amount, opened, closed]),
    );
  }
  const events = customers.flatMap((c, i) => c.events.map((e) => [i + 1, e.type, sqlInstant(instantAt(e.at, now)), JSON.stringify(e.properties)]));
  if (events.length) {
    await ds.query(
      `INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source)
      VALUES ${events.map((_, k) => `('E${k}', ?, 'x', ?, ?, ?, '2020-01-01', 'test')`).join(', ')}`,
      events.flat(),
    );
  }
}

// --------------------------------------------------------------- definitions

/** A leaf, given `now` later: dates in definitions sit on the same anchors as the data. */
type LeafFn = (now: Date) => SegmentNode;

const daysBack = fc.constantFrom(0, 1, 7, 8, 10, 30, 31);
const attributeArb: fc.Arbitrary<LeafFn> = fc.oneof(
  fc.record({ field: fc.constantFrom('status', 'region', 'propensity', 'gender', 'riskGrade'), op: fc.constantFrom('in', 'notIn') }).chain(({ field, op }) => {
    const pool: Record<string, string[]> = {
      status: ['ACTIVE', 'DORMANT', 'WITHDRAWN'],
      region: ['SEOUL', 'BUSAN', 'JEJU'],
      propensity: ['STABLE', 'NEUTRAL', 'AGGRESSIVE'],
      gender: ['M', 'F'],
      riskGrade: ['LOW', 'HIGH'],
    };
    return fc.subarray(pool[field], { minLength: 1 }).map((values) => () => ({ type: 'attribute', field, op, values }) as SegmentNode);
  }),
  fc.record({ op: fc.constantFrom('in', 'notIn'), values: fc.subarray(['B01', 'b01', 'B02', 'B03'], { minLength: 1 }) }).map(
    ({ op, values }) =>
      () =>
        ({ type: 'attribute', field: 'branch', op, values }) as SegmentNode,
  ),
  fc.record({ op: fc.constantFrom('in', 'notIn'), values: fc.subarray(['1', '2', '3'], { minLength: 1 }) }).map(
    ({ op, values }) =>
      () =>
        ({ type: 'attribute', field: 'assignedStaff', op, values }) as SegmentNode,
  ),
  fc
    .record({
      field: fc.constantFrom('segmentLabel', 'customerNo'),
      op: fc.constantFrom('eq', 'neq', 'startsWith', 'contains'),
      value: fc.constantFrom('gold', 'Gold', 'gol', 'a_b', 'a%', '_', 'C1', 'c', 'Ab', 'x', '%'),
    })
    .map(
      ({ field, op, value }) =>
        () =>
          ({ type: 'attribute', field, op, value }) as SegmentNode,
    ),
  fc.record({ field: fc.constantFrom('consentSms', 'consentEmail', 'consentPush', 'consentNight'), value: fc.boolean() }).map(
    ({ field, value }) =>
      () =>
        ({ type: 'attribute', field, op: 'is', value }) as SegmentNode,
  ),
  fc.record({ op: fc.constantFrom('eq', 'gte', 'lte', 'between'), a: fc.constantFrom(0, 18, 29, 30, 39, 40, 65), b: fc.constantFrom(0, 18, 29, 30, 39, 40, 65) }).map(
    ({ op, a, b }) =>
      () =>
        (op === 'between' ? { type: 'attribute', field: 'age', op, min: Math.min(a, b), max: Math.max(a, b) } : { type: 'attribute', field: 'age', op, value: a }) as SegmentNode,
  ),
  fc
    .record({
      field: fc.constantFrom('birthDate', 'customerSince', 'statusChangedAt'),
      op: fc.constantFrom('before', 'after', 'between', 'withinLastDays'),
      a: daysBack,
      b: daysBack,
      birthYears: fc.constantFrom(0, 30, 40),
    })
    .map(({ field, op, a, b, birthYears }) => (now: Date) => {
      const base = field === 'birthDate' ? shiftYears(seoulDate(now), -birthYears) : seoulDate(now);
      const [x, y] = [addDays(base, -Math.max(a, b)), addDays(base, -Math.min(a, b))];
      if (op === 'between') return { type: 'attribute', field, op, from: x, to: y } as SegmentNode;
      if (op === 'withinLastDays') return { type: 'attribute', field, op, days: Math.max(1, a) } as SegmentNode;
      return { type: 'attribute', field, op, value: y } as SegmentNode;
    }),
  fc.record({ op: fc.constantFrom('hasAny', 'hasAll', 'hasNone'), values: fc.subarray(['vip', 'VIP', 'salary', 'young', 'old'], { minLength: 1 }) }).map(
    ({ op, values }) =>
      () =>
        ({ type: 'attribute', field: 'tags', op, values }) as SegmentNode,
  ),
);

const holdingArb: fc.Arbitrary<LeafFn> = fc
  .record({
    mode: fc.constantFrom('holds', 'notHolds'),
    productCode: fc.option(fc.constantFrom('DEP1', 'Fund1', 'fund1', 'OLD1', 'NONE')),
    productType: fc.option(fc.constantFrom('DEPOSIT', 'FUND', 'SAVINGS', 'CARD')),
    minAmount: fc.option(fc.constantFrom(0, 100, 1000, 1_000_000)),
    maxAmount: fc.option(fc.constantFrom(100, 5000, 2 ** 40)),
    opened: fc.option(fc.oneof(fc.record({ within: fc.constantFrom(1, 10, 30) }), fc.record({ a: daysBack, b: daysBack }))),
  })
  .map((h) => (now: Date) => {
    const node: Record<string, unknown> = { type: 'holding', mode: h.mode };
    if (h.productCode !== null) node.productCode = h.productCode;
    if (h.productType !== null) node.productType = h.productType;
    if (h.minAmount !== null) node.minAmount = h.minAmount;
    if (h.maxAmount !== null && (h.minAmount === null || h.maxAmount >= h.minAmount)) node.maxAmount = h.maxAmount;
    if (h.opened && 'within' in h.opened) node.openedWithinDays = h.opened.within;
    else if (h.opened) {
      node.openedFrom = addDays(seoulDate(now), -Math.max(h.opened.a, h.opened.b));
      node.openedTo = addDays(seoulDate(now), -Math.min(h.opened.a, h.opened.b));
    }
    return node as SegmentNode;
  });

const filterArb = fc.oneof(
  fc.record({
    property: fc.constantFrom('os', 'amount', 'ok', 'n'),
    op: fc.constantFrom('eq', 'neq'),
    value: fc.constantFrom<string | number | boolean>('ios', 'IOS', 'android', '5', 5, 5.5, 0, true, false),
  }),
  fc.record({ property: fc.constantFrom('amount', 'n'), op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: fc.constantFrom(0, 5, 5.5, 100) }),
);

const eventArb: fc.Arbitrary<LeafFn> = fc
  .record({
    eventType: fc.constantFrom('app.login', 'app.Login', 'card.pay'),
    op: fc.constantFrom('atLeast', 'atMost'),
    times: fc.constantFrom(0, 1, 2, 3),
    window: fc.oneof(fc.record({ days: fc.constantFrom(1, 7, 30) }), fc.record({ a: daysBack, b: daysBack })),
    where: fc.array(filterArb, { maxLength: 2 }),
  })
  .map(
    (e) => (now: Date) =>
      ({
        type: 'event',
        eventType: e.eventType,
        op: e.op,
        times: e.times,
        where: e.where,
        window:
          'days' in e.window
            ? { kind: 'lastDays', days: e.window.days }
            : { kind: 'between', from: addDays(seoulDate(now), -Math.max(e.window.a, e.window.b)), to: addDays(seoulDate(now), -Math.min(e.window.a, e.window.b) + 1) },
      }) as SegmentNode,
  );

/** Segment references carry an index; `resolveIds` points them at earlier definitions only, so there is no cycle. */
const segmentRefArb: fc.Arbitrary<LeafFn> = fc.nat(10).map((k) => () => ({ type: 'segment', segmentId: k + 1 }) as SegmentNode);

const { tree } = fc.letrec<{ tree: LeafFn }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    attributeArb,
    holdingArb,
    eventArb,
    segmentRefArb,
    fc.record({ type: fc.constantFrom('and', 'or'), children: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }).map(
      ({ type, children }) =>
        (now: Date) =>
          ({ type, children: children.map((c) => c(now)) }) as SegmentNode,
    ),
    tie('tree').map((child) => (now: Date) => ({ type: 'not', child: child(now) }) as SegmentNode),
  ),
}));

function resolveIds(node: SegmentNode, index: number): SegmentNode {
  switch (node.type) {
    case 'and':
    case 'or':
      return { ...node, children: node.children.map((c) => resolveIds(c, index)) };
    case 'not':
      return { ...node, child: resolveIds(node.child, index) };
    case 'segment':
      // The first definition can refer to no one: stand in an always-true leaf.
      return index === 0 ? { type: 'attribute', field: 'tags', op: 'hasNone', values: ['none'] } : { type: 'segment', segmentId: ((node.segmentId - 1) % index) + 1 };
    default:
      return node;
  }
}

const nows = ['2025-03-09T15:00:00.000Z', '2025-03-09T14:59:59.999Z', '2024-02-28T16:00:00.000Z', '2025-07-01T03:21:09.123Z'].map((s) => new Date(s));

// ---------------------------------------------------------------------- test

async function sqlMembers(def: SegmentDefinition, defs: SegmentDefinition[], index: number, now: Date) {
  const planned = planSegment(def, { now, resolveSegment: (id) => (id <= index ? defs[id - 1] : undefined), segmentId: index + 1 });
  if (!planned.ok) throw new Error(`plan failed: ${JSON.stringify(planned.errors)}`);
  const { sql, params } = planToSql(planned.plan);
  const rows: Array<{ id: number; m: unknown }> = await ds.query(`SELECT c.id, ${sql} AS m FROM customer c ORDER BY c.id`, params);
  const nulls = rows.filter((r) => r.m === null).map((r) => Number(r.id));
  if (nulls.length) throw new Error(`SQL gave NULL for customers ${nulls.join(', ')}\n${sql}`);
  const bySql = rows.filter((r) => Number(r.m) === 1).map((r) => Number(r.id));
  // The query shape used for counts and materialisation must select the same customers.
  const q = planToQuery(planned.plan);
  const byQuery = ((await ds.query(`SELECT c.id FROM ${q.from} WHERE ${q.where} ORDER BY c.id`, q.params)) as Array<{ id: number }>).map((r) => Number(r.id));
  if (JSON.stringify(byQuery) !== JSON.stringify(bySql))
    throw new Error(`planToQuery picked ${JSON.stringify(byQuery)}, planToSql ${JSON.stringify(bySql)}\n${q.from} WHERE ${q.where}`);
  const facts = await loadCustomerFacts(
    ds,
    rows.map((r) => Number(r.id)),
    planNeeds(planned.plan),
  );
  const inMemory = [...facts]
    .filter(([, f]) => planMatches(planned.plan, f))
    .map(([id]) => id)
    .sort((a, b) => a - b);
  return { bySql, inMemory, facts, sql };
}

describe('segment evaluators agree (SQL on MariaDB vs in memory)', () => {
  it('pick the same customers for random populations and definitions', async () => {
    let checked = 0;
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArb, { minLength: 15, maxLength: 40 }),
        fc.constantFrom(...nows),
        fc.array(tree, { minLength: 3, maxLength: 6 }),
        async (customers, now, trees) => {
          await insertPopulation(customers, now);
          const defs: SegmentDefinition[] = [];
          for (const [i, t] of trees.entries()) {
            const parsed = parseSegmentDefinition({ schemaVersion: 1, root: resolveIds(t(now), defs.length) });
            if (!parsed.ok) throw new Error(`generator made an invalid definition: ${JSON.stringify(parsed.errors)}`);
            defs.push(parsed.definition);
            const r = await sqlMembers(parsed.definition, defs, i, now);
            checked += 1;
            if (r.bySql.length > 0 && r.bySql.length < customers.length) nonTrivial += 1;
            if (JSON.stringify(r.bySql) !== JSON.stringify(r.inMemory)) {
              const differing = [...new Set([...r.bySql, ...r.inMemory])].filter((id) => r.bySql.includes(id) !== r.inMemory.includes(id));
              throw new Error(
                [
                  `evaluators disagree at now=${now.toISOString()} on customers ${differing.join(', ')}`,
                  `SQL: [${r.bySql.join(', ')}]  in memory: [${r.inMemory.join(', ')}]`,
                  `definition: ${JSON.stringify(parsed.definition)}`,
                  `referenced: ${JSON.stringify(defs.slice(0, i))}`,
                  `facts: ${JSON.stringify(differing.map((id) => [id, r.facts.get(id)]))}`,
                  `sql: ${r.sql}`,
                ].join('\n'),
              );
            }
          }
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
    // The generators must actually split populations, or agreement proves little
    // (about a third of definitions pick some but not all customers).
    expect(nonTrivial).toBeGreaterThan(checked / 5);
  }, 120_000);
});
