/**
 * Segment definitions for the segment benchmark: the 4-condition live-count
 * segments of the issue (2 attributes, 1 holding, 1 event count in the last
 * 30 days), a heavier variant, and 100 "published" segments of varied shapes
 * generated from a fixed seed for the real-time evaluation.
 */
import type { SegmentCondition } from '../../engine/definitions/segment/segment-condition.schema.js';
import type { SegmentDefinition, SegmentNode } from '../../engine/definitions/segment/segment-definition.schema.js';
import { unit } from './bench-customers.js';
import { benchEventTypes, benchProductCode, benchTags } from './bench-segment-data.js';

export interface LiveCountCase {
  name: string;
  main?: boolean;
  definition: SegmentDefinition;
}

const def = (...children: SegmentNode[]): SegmentDefinition => ({ schemaVersion: 1, root: { type: 'and', children } });
const lastDays = (days: number) => ({ kind: 'lastDays' as const, days });

export const liveCountCases: LiveCountCase[] = [
  {
    name: 'A metro, active/aggressive, holds FUND, app.login >= 3 in 30 d',
    main: true,
    definition: def(
      { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL', 'GYEONGGI', 'INCHEON'] },
      { type: 'attribute', field: 'propensity', op: 'in', values: ['ACTIVE', 'AGGRESSIVE'] },
      { type: 'holding', mode: 'holds', productType: 'FUND' },
      { type: 'event', eventType: 'app.login', op: 'atLeast', times: 3, window: lastDays(30), where: [] },
    ),
  },
  {
    name: 'B age 30-49, active status, holds DEPOSIT, transfer >= 2 in 30 d',
    definition: def(
      { type: 'attribute', field: 'age', op: 'between', min: 30, max: 49 },
      { type: 'attribute', field: 'status', op: 'in', values: ['ACTIVE'] },
      { type: 'holding', mode: 'holds', productType: 'DEPOSIT' },
      { type: 'event', eventType: 'transfer.completed', op: 'atLeast', times: 2, window: lastDays(30), where: [] },
    ),
  },
  {
    name: 'C south-east, tag salary, holds LOAN, product.view >= 1 in 30 d',
    definition: def(
      { type: 'attribute', field: 'region', op: 'in', values: ['BUSAN', 'GYEONGNAM', 'ULSAN'] },
      { type: 'attribute', field: 'tags', op: 'hasAny', values: ['salary'] },
      { type: 'holding', mode: 'holds', productType: 'LOAN' },
      { type: 'event', eventType: 'product.view', op: 'atLeast', times: 1, window: lastDays(30), where: [] },
    ),
  },
  {
    name: 'D stable seekers 50+, holds a product code, card.payment >= 5 in 30 d',
    definition: def(
      { type: 'attribute', field: 'propensity', op: 'in', values: ['STABLE', 'STABLE_SEEKING'] },
      { type: 'attribute', field: 'age', op: 'gte', value: 50 },
      { type: 'holding', mode: 'holds', productCode: benchProductCode('SAVINGS', 0) },
      { type: 'event', eventType: 'card.payment', op: 'atLeast', times: 5, window: lastDays(30), where: [] },
    ),
  },
  {
    name: 'H (heavy) broad attributes, holds CARD, app.login >= 1 in 90 d, amount filter',
    definition: def(
      { type: 'attribute', field: 'region', op: 'notIn', values: ['JEJU'] },
      { type: 'attribute', field: 'age', op: 'between', min: 20, max: 75 },
      { type: 'holding', mode: 'holds', productType: 'CARD' },
      {
        type: 'or',
        children: [
          { type: 'event', eventType: 'app.login', op: 'atLeast', times: 1, window: lastDays(90), where: [] },
          { type: 'event', eventType: 'card.payment', op: 'atLeast', times: 2, window: lastDays(30), where: [{ property: 'amount', op: 'gte', value: 100_000 }] },
        ],
      },
    ),
  },
];

// ------------------------------------------------------------- 100 published segments

const regions = ['SEOUL', 'BUSAN', 'GYEONGGI', 'GYEONGNAM', 'JEONNAM', 'INCHEON', 'GYEONGBUK', 'JEJU', 'GANGWON', 'ULSAN', 'DAEGU'];
const propensities = ['STABLE', 'STABLE_SEEKING', 'NEUTRAL', 'ACTIVE', 'AGGRESSIVE'];
const productTypes = ['DEPOSIT', 'SAVINGS', 'LOAN', 'FUND', 'INSURANCE', 'CARD'] as const;
const eventTypes = benchEventTypes.map(([t]) => t);

/** A deterministic stream of numbers in [0, 1) for segment s. */
function rng(s: number) {
  let k = 0;
  const next = () => unit(s * 1000 + k++, 301);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    some: <T>(xs: readonly T[], lo: number, hi: number): T[] => {
      const n = lo + Math.floor(next() * (hi - lo + 1));
      const pool = [...xs];
      const out: T[] = [];
      while (out.length < n && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
      return out;
    },
  };
}
type Rng = ReturnType<typeof rng>;

function attributeLeaf(r: Rng): SegmentCondition {
  switch (r.int(0, 8)) {
    case 0:
      return { type: 'attribute', field: 'region', op: r.next() < 0.8 ? 'in' : 'notIn', values: r.some(regions, 1, 4) };
    case 1:
      return { type: 'attribute', field: 'propensity', op: 'in', values: r.some(propensities, 1, 3) };
    case 2: {
      const lo = r.int(19, 60);
      return { type: 'attribute', field: 'age', op: 'between', min: lo, max: lo + r.int(5, 25) };
    }
    case 3:
      return { type: 'attribute', field: 'gender', op: 'in', values: [r.pick(['M', 'F'])] };
    case 4:
      return { type: 'attribute', field: 'tags', op: r.pick(['hasAny', 'hasAny', 'hasAll', 'hasNone'] as const), values: r.some(benchTags, 1, 2) };
    case 5:
      return { type: 'attribute', field: r.pick(['consentPush', 'consentSms', 'consentEmail'] as const), op: 'is', value: r.next() < 0.8 };
    case 6:
      return { type: 'attribute', field: 'status', op: 'in', values: r.next() < 0.7 ? ['ACTIVE'] : ['ACTIVE', 'DORMANT'] };
    case 7:
      return { type: 'attribute', field: 'riskGrade', op: 'in', values: r.some(['LOW', 'MEDIUM', 'HIGH'], 1, 2) };
    default:
      return { type: 'attribute', field: 'customerSince', op: 'withinLastDays', days: r.pick([90, 180, 365, 730]) };
  }
}

function holdingLeaf(r: Rng): SegmentCondition {
  const mode = r.next() < 0.8 ? ('holds' as const) : ('notHolds' as const);
  switch (r.int(0, 3)) {
    case 0:
      return { type: 'holding', mode, productType: r.pick(productTypes) };
    case 1:
      return { type: 'holding', mode, productCode: benchProductCode(r.pick(productTypes), r.int(0, 7)) };
    case 2:
      return { type: 'holding', mode, productType: r.pick(['DEPOSIT', 'FUND', 'LOAN'] as const), minAmount: r.pick([5_000_000, 10_000_000, 30_000_000]) };
    default:
      return { type: 'holding', mode, productType: r.pick(productTypes), openedWithinDays: r.pick([30, 90, 365]) };
  }
}

function eventLeaf(r: Rng): SegmentCondition {
  const eventType = r.pick(eventTypes);
  const days = r.pick([7, 14, 30, 30, 60, 90]);
  const atMost = r.next() < 0.15;
  const where =
    r.next() < 0.2
      ? [
          eventType === 'card.payment' || eventType === 'transfer.completed'
            ? { property: 'amount', op: 'gte' as const, value: r.pick([50_000, 100_000, 500_000]) }
            : { property: 'channel', op: 'eq' as const, value: 'mobile-app' },
        ]
      : [];
  return { type: 'event', eventType, op: atMost ? 'atMost' : 'atLeast', times: atMost ? r.int(0, 2) : r.int(1, 5), window: lastDays(days), where };
}

function leaf(r: Rng): SegmentNode {
  const x = r.next();
  return x < 0.45 ? attributeLeaf(r) : x < 0.7 ? holdingLeaf(r) : eventLeaf(r);
}

/** A tree of 2-7 leaves: an AND of leaves, sometimes with a nested OR group and a NOT. */
function tree(r: Rng, depth: number): SegmentNode {
  const children: SegmentNode[] = Array.from({ length: r.int(2, depth === 0 ? 4 : 3) }, () => leaf(r));
  if (depth < 2 && r.next() < 0.45) children.push({ type: 'or', children: [leaf(r), r.next() < 0.5 ? leaf(r) : tree(r, depth + 1)] });
  if (r.next() < 0.25) children.push({ type: 'not', child: leaf(r) });
  return { type: depth > 0 && r.next() < 0.3 ? 'or' : 'and', children };
}

/**
 * Segment ids 1..100; about one in ten also requires membership of an
 * earlier segment (planned inline by planSegment's resolver).
 */
export function publishedDefinitions(count = 100): Map<number, SegmentDefinition> {
  const out = new Map<number, SegmentDefinition>();
  for (let s = 1; s <= count; s++) {
    const r = rng(s);
    const root = tree(r, 0);
    if (s > 10 && r.next() < 0.1 && root.type === 'and') root.children.push({ type: 'segment', segmentId: r.int(1, s - 1) });
    out.set(s, { schemaVersion: 1, root });
  }
  return out;
}
