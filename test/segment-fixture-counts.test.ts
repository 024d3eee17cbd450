import type { DataSource } from 'typeorm';
import { parseSegmentDefinition, type SegmentDefinition, type SegmentNode } from '../engine/definitions/segment/segment-definition.schema.js';
import { loadCustomerFacts } from '../engine/segments/customer-facts.js';
import { planMatches } from '../engine/segments/plan-matches.js';
import { planToQuery } from '../engine/segments/plan-to-sql.js';
import { planNeeds, planSegment } from '../engine/segments/segment-plan.js';
import { createScratchDb } from './support/scratch-db.js';
import { testEnv } from './support/test-env.js';

/**
 * Twelve named customers and definitions whose members were worked out by
 * hand (reasoning next to each), checked for both evaluators. Where the
 * property test proves the two agree, this proves they are right.
 *
 * now = 2025-03-10 12:00 KST (03:00 UTC); "the last 30 days" starts at
 * 2025-02-08 03:00:00.000 UTC, inclusive.
 */

const dbName = `${testEnv.dbName}_segfix`;
const now = new Date('2025-03-10T03:00:00.000Z');
let ds: DataSource;
const nameById = new Map<number, string>();

interface Person {
  name: string;
  region: string | null;
  birth: string | null;
  tags: string;
  sms: boolean;
  label?: string;
  status?: string;
  createdAt?: string;
}
const people: Person[] = [
  { name: 'F01', region: 'SEOUL', birth: '1990-05-01', tags: 'vip,salary', sms: true, label: 'gold' },
  { name: 'F02', region: 'SEOUL', birth: '1995-03-10', tags: 'VIP', sms: false, label: 'Gold' }, // 30 today
  { name: 'F03', region: 'BUSAN', birth: '1985-03-11', tags: 'salary', sms: false, label: 'gold ' }, // 40 tomorrow
  { name: 'F04', region: 'SEOUL', birth: '1986-01-01', tags: 'vip', sms: false },
  { name: 'F05', region: 'seoul', birth: '1992-07-07', tags: 'vip ', sms: false, createdAt: '2025-02-28 14:59:59.999' },
  { name: 'F06', region: 'SEOUL', birth: null, tags: '', sms: false },
  { name: 'F07', region: 'JEJU', birth: '1960-01-01', tags: 'vip,young', sms: true },
  { name: 'F08', region: null, birth: '2000-02-29', tags: '', sms: false },
  { name: 'F09', region: 'SEOUL', birth: '1994-12-31', tags: 'salary', sms: false },
  { name: 'F10', region: 'GYEONGGI', birth: '1980-03-10', tags: '', sms: false, status: 'DORMANT' },
  { name: 'F11', region: 'SEOUL', birth: '1989-06-15', tags: 'vip,salary', sms: false },
  { name: 'F12', region: 'BUSAN', birth: '1975-08-20', tags: '', sms: false, createdAt: '2025-02-28 15:00:00.000' },
];

// [customer, product id, amount, opened_on, closed_on]; products: 1 DEP1 DEPOSIT, 2 FUND1 FUND, 3 LOAN1 LOAN, 4 OLD1 SAVINGS (soft-deleted).
const holdings: Array<[string, number, number, string, string | null]> = [
  ['F01', 1, 5_000_000, '2024-02-01', null],
  ['F02', 2, 1_000_000, '2024-06-01', '2025-03-10'], // closed today: no longer held
  ['F03', 3, 3_000_000, '2024-09-01', null],
  ['F04', 2, 20_000_000, '2025-03-05', null],
  ['F06', 4, 2_000_000, '2023-01-01', null], // product deleted, contract still held
  ['F12', 1, 100_000, '2025-03-08', null],
];

// [customer, type, occurred_at UTC, properties]
const events: Array<[string, string, string, Record<string, unknown>]> = [
  ['F01', 'app.login', '2025-03-01 01:00:00.000', { os: 'ios' }],
  ['F01', 'app.login', '2025-03-05 01:00:00.000', { os: 'ios' }],
  ['F01', 'app.login', '2025-03-09 01:00:00.000', { os: 'ios' }],
  ['F02', 'app.login', '2025-03-03 00:00:00.000', {}],
  ['F02', 'app.login', '2025-01-29 00:00:00.000', {}], // 40 days ago
  ['F03', 'app.login', '2025-03-02 00:00:00.000', { os: 'android' }],
  ['F03', 'app.login', '2025-03-04 00:00:00.000', { os: 'android' }],
  ['F04', 'app.login', '2025-02-08 03:00:00.000', { os: 'IOS' }], // exactly 30 days ago: inside
  ['F04', 'app.login', '2025-03-09 10:00:00.000', { os: 'IOS' }],
  ...[1, 2, 3, 4, 5].map((d): [string, string, string, Record<string, unknown>] => ['F05', 'app.login', `2025-03-0${d} 00:00:00.000`, {}]),
  ['F06', 'app.login', '2025-03-06 00:00:00.000', { os: 'ios' }],
  ['F06', 'app.login', '2025-03-07 00:00:00.000', { os: 'ios' }],
  ['F08', 'card.pay', '2025-03-01 05:00:00.000', { amount: 50000 }],
  ['F08', 'card.pay', '2025-03-02 05:00:00.000', { amount: '50000' }], // a string is not a number
  ['F09', 'app.login', '2025-02-08 02:59:59.999', {}], // 1 ms too early
  ['F09', 'app.login', '2025-03-09 00:00:00.000', {}],
  ['F10', 'card.pay', '2025-02-28 15:00:00.000', { amount: 150000 }], // 2025-03-01 00:00 KST
  ['F10', 'card.pay', '2025-02-28 14:59:59.999', { amount: 150000 }], // 2025-02-28 23:59 KST
  ['F11', 'App.Login', '2025-03-01 00:00:00.000', {}], // another event type
  ['F11', 'App.Login', '2025-03-02 00:00:00.000', {}],
];

beforeAll(async () => {
  ds = await createScratchDb(dbName);
  await ds.query(`INSERT INTO staff (id, email, display_name, role, password_hash) VALUES (1, 'a@test', 'A', 'marketer', 'x')`);
  for (const [id, code, type, deleted] of [
    [1, 'DEP1', 'DEPOSIT', null],
    [2, 'FUND1', 'FUND', null],
    [3, 'LOAN1', 'LOAN', null],
    [4, 'OLD1', 'SAVINGS', '2024-06-01'],
  ]) {
    await ds.query(`INSERT INTO product (id, code, name, type, category, risk_grade, deleted_at) VALUES (?, ?, ?, ?, 'c', 3, ?)`, [id, code, code, type, deleted]);
    await ds.query(
      `INSERT INTO product_version (id, product_id, version_no, label, status, valid_from, author_id, last_edited_by)
      VALUES (?, ?, 1, 'v1', 'PUBLISHED', '2020-01-01', 1, 1)`,
      [id, id],
    );
  }
  const idOf = new Map<string, number>();
  for (const [i, p] of people.entries()) {
    await ds.query(
      `INSERT INTO customer (id, customer_no, status, birth_date, region, segment_label, consent_sms, tags, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [i + 1, p.name, p.status ?? 'ACTIVE', p.birth, p.region, p.label ?? null, p.sms ? 1 : 0, p.tags, p.createdAt ?? '2024-01-15 00:00:00.000'],
    );
    idOf.set(p.name, i + 1);
    nameById.set(i + 1, p.name);
  }
  for (const [k, [who, product, amount, opened, closed]] of holdings.entries()) {
    await ds.query(
      `INSERT INTO holding (contract_no, customer_id, product_id, product_version_id, branch_code, amount, opened_on, closed_on)
      VALUES (?, ?, ?, ?, 'B01', ?, ?, ?)`,
      [`K${k}`, idOf.get(who), product, product, amount, opened, closed],
    );
  }
  for (const [k, [who, type, at, properties]] of events.entries()) {
    await ds.query(
      `INSERT INTO behaviour_event (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'fixture')`,
      [`E${k}`, idOf.get(who), who, type, at, JSON.stringify(properties), at],
    );
  }
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
});

const vip: SegmentNode = { type: 'attribute', field: 'tags', op: 'hasAny', values: ['vip'] };
const seoul30sActive: SegmentNode = {
  type: 'and',
  children: [
    { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] },
    { type: 'attribute', field: 'age', op: 'between', min: 30, max: 39 },
    { type: 'event', eventType: 'app.login', op: 'atLeast', times: 2, window: { kind: 'lastDays', days: 30 }, where: [] },
  ],
};
const vipHolders: SegmentNode = {
  type: 'and',
  children: [
    { type: 'segment', segmentId: 1 },
    { type: 'holding', mode: 'holds' },
  ],
};
/** Published segments the fixture definitions may refer to. */
const segments: Record<number, SegmentNode> = { 1: vip, 2: seoul30sActive, 3: vipHolders };

async function members(root: SegmentNode) {
  const parsed = parseSegmentDefinition({ schemaVersion: 1, root });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const planned = planSegment(parsed.definition, {
    now,
    resolveSegment: (id): SegmentDefinition | undefined => (segments[id] ? { schemaVersion: 1, root: segments[id] } : undefined),
  });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  const q = planToQuery(planned.plan);
  const rows: Array<{ id: number }> = await ds.query(`SELECT c.id FROM ${q.from} WHERE ${q.where} ORDER BY c.id`, q.params);
  const facts = await loadCustomerFacts(ds, [...nameById.keys()], planNeeds(planned.plan));
  const names = (ids: number[]) => ids.map((id) => nameById.get(id)).sort();
  return {
    sql: names(rows.map((r) => Number(r.id))),
    memory: names([...facts].filter(([, f]) => planMatches(planned.plan, f)).map(([id]) => id)),
  };
}

const cases: Array<[string, SegmentNode, string[]]> = [
  // Seoul exactly (not F05's 'seoul'), 30-39 (F02 turned 30 today, F06 has no birth date),
  // >= 2 logins since 2025-02-08 03:00 UTC (F04's first is exactly on it; F09 1 ms early; F11 logs 'App.Login').
  ['Seoul AND age 30-39 AND app.login at least 2 times in the last 30 days', seoul30sActive, ['F01', 'F04']],
  ['tag vip, exactly (not VIP, not "vip ")', vip, ['F01', 'F04', 'F07', 'F11']],
  // Two event types differing only in case, one filtered and one not: F11's two 'App.Login' events
  // must be counted once each (facts loaded per type must not overlap under the case-insensitive collation).
  [
    'app.login at least 100 times OR App.Login (os not "zzz") at most 2 times: everyone',
    {
      type: 'or',
      children: [
        { type: 'event', eventType: 'app.login', op: 'atLeast', times: 100, window: { kind: 'lastDays', days: 30 }, where: [] },
        { type: 'event', eventType: 'App.Login', op: 'atMost', times: 2, window: { kind: 'lastDays', days: 30 }, where: [{ property: 'os', op: 'neq', value: 'zzz' }] },
      ],
    },
    ['F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08', 'F09', 'F10', 'F11', 'F12'],
  ],
  [
    'NOT region Seoul includes the unknown region',
    { type: 'not', child: { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] } },
    ['F03', 'F05', 'F07', 'F08', 'F10', 'F12'],
  ],
  [
    'app.login at most 0 times in the last 30 days',
    { type: 'event', eventType: 'app.login', op: 'atMost', times: 0, window: { kind: 'lastDays', days: 30 }, where: [] },
    ['F07', 'F08', 'F10', 'F11', 'F12'],
  ],
  ['holds an open FUND (F02 closed today)', { type: 'holding', mode: 'holds', productType: 'FUND' }, ['F04']],
  ['holds at least 1,000,000 in any open product, deleted products included', { type: 'holding', mode: 'holds', minAmount: 1_000_000 }, ['F01', 'F03', 'F04', 'F06']],
  ['does not hold DEP1', { type: 'holding', mode: 'notHolds', productCode: 'DEP1' }, ['F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08', 'F09', 'F10', 'F11']],
  [
    'card.pay with amount >= 50000 (a number) between 1 and 10 March KST',
    {
      type: 'event',
      eventType: 'card.pay',
      op: 'atLeast',
      times: 1,
      window: { kind: 'between', from: '2025-03-01', to: '2025-03-10' },
      where: [{ property: 'amount', op: 'gte', value: 50000 }],
    },
    ['F08', 'F10'],
  ],
  [
    'a login in the last 30 days not from "ios" (missing os counts, "IOS" differs)',
    { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: { kind: 'lastDays', days: 30 }, where: [{ property: 'os', op: 'neq', value: 'ios' }] },
    ['F02', 'F03', 'F04', 'F05', 'F09'],
  ],
  [
    'member of segment 1 (vip) without SMS consent',
    {
      type: 'and',
      children: [
        { type: 'segment', segmentId: 1 },
        { type: 'attribute', field: 'consentSms', op: 'is', value: false },
      ],
    },
    ['F04', 'F11'],
  ],
  [
    'NOT member of segment 3 (vip AND holds something), nested reference',
    { type: 'not', child: { type: 'segment', segmentId: 3 } },
    ['F02', 'F03', 'F05', 'F06', 'F07', 'F08', 'F09', 'F10', 'F11', 'F12'],
  ],
  ['member of segment 2 (the first case, by reference)', { type: 'segment', segmentId: 2 }, ['F01', 'F04']],
  [
    'dormant OR customer since 1-10 March KST (F05 joined 1 ms before)',
    {
      type: 'or',
      children: [
        { type: 'attribute', field: 'status', op: 'in', values: ['DORMANT'] },
        { type: 'attribute', field: 'customerSince', op: 'between', from: '2025-03-01', to: '2025-03-10' },
      ],
    },
    ['F10', 'F12'],
  ],
  ['segment label exactly "gold"', { type: 'attribute', field: 'segmentLabel', op: 'eq', value: 'gold' }, ['F01']],
  ['segment label starts with "gol" (case-sensitive)', { type: 'attribute', field: 'segmentLabel', op: 'startsWith', value: 'gol' }, ['F01', 'F03']],
  ['age at most 29 (born 29 Feb 2000)', { type: 'attribute', field: 'age', op: 'lte', value: 29 }, ['F08']],
  ['age exactly 39 (F03 turns 40 tomorrow)', { type: 'attribute', field: 'age', op: 'eq', value: 39 }, ['F03', 'F04']],
];

describe('segment members on a hand-checked fixture, both evaluators', () => {
  it.each(cases)('%s', async (_title, root, expected) => {
    const got = await members(root);
    expect(got.sql).toEqual(expected);
    expect(got.memory).toEqual(expected);
  });
});
