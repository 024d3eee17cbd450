import { customerFields, type CustomerFieldName } from '../definitions/segment/customer-fields.js';
import type { AttributeCondition, EventCondition, EventPropertyFilter, HoldingCondition } from '../definitions/segment/segment-condition.schema.js';
import type { DefinitionError, SegmentDefinition, SegmentNode } from '../definitions/segment/segment-definition.schema.js';
import { segmentProblem } from '../definitions/segment/segment-problems.js';
import { seoulDate } from '../../resources/shared/write-result.js';

/**
 * A segment definition resolved against one instant: every relative notion
 * ("age 30", "the last 7 days", "open holding", "atMost 2", "member of
 * segment 12") is turned into concrete values here, once, and both
 * evaluators (plan-to-sql.ts for the database, plan-matches.ts in memory)
 * only compare columns with those values. They agree by construction on
 * everything except the comparison itself, which the property test checks.
 *
 * Two-valued logic throughout: a leaf on a NULL column is false, and NOT of
 * it is true. Negative operators are NOT of the positive one (notIn, neq,
 * hasNone, notHolds, atMost), so "in X" and "notIn X" always split the
 * customers in two, unknown values included.
 */

/** Customer row keys the evaluators read; the in-memory facts use these names. */
export type CustomerKey =
  | 'customerNo'
  | 'status'
  | 'gender'
  | 'birthDate'
  | 'region'
  | 'branchCode'
  | 'propensity'
  | 'riskGrade'
  | 'segmentLabel'
  | 'assignedStaffId'
  | 'consentSms'
  | 'consentEmail'
  | 'consentPush'
  | 'consentNight'
  | 'tags'
  | 'createdAt'
  | 'statusChangedAt';

/** A customer column as both evaluators name it. */
export interface PlanColumn {
  column: string;
  key: CustomerKey;
  nullable: boolean;
}

export type PlanNode =
  | { kind: 'const'; value: boolean }
  | { kind: 'and'; children: PlanNode[] }
  | { kind: 'or'; children: PlanNode[] }
  | { kind: 'not'; child: PlanNode }
  /** Exact (case- and space-sensitive) string membership. */
  | { kind: 'in'; col: PlanColumn; values: string[] }
  /** Integer id membership (assigned staff). */
  | { kind: 'inInt'; col: PlanColumn; values: number[] }
  | { kind: 'text'; col: PlanColumn; op: 'eq' | 'startsWith' | 'contains'; value: string }
  | { kind: 'bool'; col: PlanColumn; value: boolean }
  /** Calendar days (DATE column as 'YYYY-MM-DD'), both bounds inclusive. */
  | { kind: 'dayRange'; col: PlanColumn; from: string | null; to: string | null }
  /** Instants (DATETIME column), half-open [from, until). */
  | { kind: 'instantRange'; col: PlanColumn; from: Date | null; until: Date | null }
  /** The customer's tag list contains this tag exactly. */
  | { kind: 'tag'; value: string }
  | HoldingPlan
  | EventPlan;

/**
 * At least one open holding matching every filter. Open: not closed, or
 * closed only after `today` (KST). Products are matched whether or not they
 * are soft-deleted: a deleted product's contracts are still held.
 */
export interface HoldingPlan {
  kind: 'holding';
  today: string;
  productCode: string | null;
  productType: string | null;
  minAmount: number | null;
  maxAmount: number | null;
  /** opened_on bounds, inclusive calendar days. */
  openedFrom: string | null;
  openedTo: string | null;
}

/** At least `atLeast` (>= 1) events of the type in [from, until) matching every filter. */
export interface EventPlan {
  kind: 'events';
  eventType: string;
  from: Date;
  until: Date;
  where: EventPropertyFilter[];
  atLeast: number;
}

export interface SegmentPlan {
  root: PlanNode;
}

export interface PlanContext {
  now: Date;
  resolveSegment: (id: number) => SegmentDefinition | undefined;
  /** The id of the segment being planned, when it has one, so a reference to itself is a cycle. */
  segmentId?: number;
}

export type PlanResult = { ok: true; plan: SegmentPlan } | { ok: false; errors: DefinitionError[] };

const dayMs = 86_400_000;
const kstOffsetMs = 9 * 3_600_000;

/** Today's calendar day in Asia/Seoul (UTC+9, no daylight saving). */
const seoulToday = (now: Date): string => seoulDate(now);

/** 'YYYY-MM-DD' plus n days (calendar arithmetic in UTC, so no clock enters). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * dayMs;
  return new Date(t).toISOString().slice(0, 10);
}

/** The same day n years later (n may be negative); Feb 29 becomes Feb 28 in a common year. */
export function shiftYears(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const year = y + n;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 00:00 in Seoul on that calendar day, as an instant. */
export function kstDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - kstOffsetMs);
}

const keyByField: Record<CustomerFieldName, CustomerKey> = {
  status: 'status',
  age: 'birthDate',
  gender: 'gender',
  birthDate: 'birthDate',
  region: 'region',
  branch: 'branchCode',
  propensity: 'propensity',
  riskGrade: 'riskGrade',
  segmentLabel: 'segmentLabel',
  customerNo: 'customerNo',
  assignedStaff: 'assignedStaffId',
  consentSms: 'consentSms',
  consentEmail: 'consentEmail',
  consentPush: 'consentPush',
  consentNight: 'consentNight',
  tags: 'tags',
  customerSince: 'createdAt',
  statusChangedAt: 'statusChangedAt',
};

const TRUE: PlanNode = { kind: 'const', value: true };
const FALSE: PlanNode = { kind: 'const', value: false };

/** Constant folding keeps `atLeast 0` and friends from reaching the evaluators as odd SQL. */
export function and(children: PlanNode[]): PlanNode {
  const kept = children.filter((c) => !(c.kind === 'const' && c.value));
  if (kept.some((c) => c.kind === 'const' && !c.value)) return FALSE;
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? kept[0] : { kind: 'and', children: kept };
}

export function or(children: PlanNode[]): PlanNode {
  const kept = children.filter((c) => !(c.kind === 'const' && !c.value));
  if (kept.some((c) => c.kind === 'const' && c.value)) return TRUE;
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? kept[0] : { kind: 'or', children: kept };
}

export function not(child: PlanNode): PlanNode {
  if (child.kind === 'const') return { kind: 'const', value: !child.value };
  if (child.kind === 'not') return child.child;
  return { kind: 'not', child };
}

function planAttribute(c: AttributeCondition, now: Date): PlanNode {
  const field = customerFields[c.field];
  const col: PlanColumn = { column: field.column, key: keyByField[c.field], nullable: field.nullable };
  const today = seoulToday(now);
  switch (field.kind) {
    case 'enum':
    case 'code': {
      const values = c.values ?? [];
      const leaf: PlanNode = 'storage' in field && field.storage === 'int' ? { kind: 'inInt', col, values: values.map(Number) } : { kind: 'in', col, values };
      return c.op === 'notIn' ? not(leaf) : leaf;
    }
    case 'tags': {
      const tags = (c.values ?? []).map((value): PlanNode => ({ kind: 'tag', value }));
      if (c.op === 'hasAll') return and(tags);
      return c.op === 'hasNone' ? not(or(tags)) : or(tags);
    }
    case 'text': {
      const value = String(c.value);
      if (c.op === 'neq') return not({ kind: 'text', col, op: 'eq', value });
      return { kind: 'text', col, op: c.op as 'eq' | 'startsWith' | 'contains', value };
    }
    case 'boolean':
      return { kind: 'bool', col, value: c.value === true };
    case 'number': {
      // Only `age` is a number field: age >= n <=> born on or before today minus n
      // years; age <= n <=> born after today minus n+1 years. Feb 29 clamps to Feb 28.
      const min = c.op === 'between' ? c.min : c.op === 'lte' ? undefined : Number(c.value);
      const max = c.op === 'between' ? c.max : c.op === 'gte' ? undefined : Number(c.value);
      const to = min === undefined ? null : shiftYears(today, -min);
      const from = max === undefined ? null : addDays(shiftYears(today, -(max + 1)), 1);
      return { kind: 'dayRange', col, from, to };
    }
    case 'date': {
      const storage = 'storage' in field ? field.storage : undefined;
      let from: string | null = null;
      let to: string | null = null;
      if (c.op === 'before') to = addDays(String(c.value), -1);
      else if (c.op === 'after') from = addDays(String(c.value), 1);
      else if (c.op === 'between') ({ from, to } = { from: c.from ?? null, to: c.to ?? null });
      else if (storage === 'datetime') {
        // withinLastDays on an instant: exactly the last D*24 hours up to now, inclusive.
        return { kind: 'instantRange', col, from: new Date(now.getTime() - (c.days ?? 0) * dayMs), until: new Date(now.getTime() + 1) };
      } else {
        from = addDays(today, -(c.days ?? 0));
        to = today;
      }
      if (storage !== 'datetime') return { kind: 'dayRange', col, from, to };
      // A calendar day of a DATETIME column is [00:00 KST, next 00:00 KST).
      return { kind: 'instantRange', col, from: from ? kstDayStart(from) : null, until: to ? kstDayStart(addDays(to, 1)) : null };
    }
    default: {
      const never: never = field;
      throw new Error(`unhandled field ${String(never)}`);
    }
  }
}

function planHolding(c: HoldingCondition, now: Date): PlanNode {
  const today = seoulToday(now);
  const within = c.openedWithinDays;
  const leaf: HoldingPlan = {
    kind: 'holding',
    today,
    productCode: c.productCode ?? null,
    productType: c.productType ?? null,
    minAmount: c.minAmount ?? null,
    maxAmount: c.maxAmount ?? null,
    openedFrom: within !== undefined ? addDays(today, -within) : (c.openedFrom ?? null),
    openedTo: within !== undefined ? today : (c.openedTo ?? null),
  };
  return c.mode === 'notHolds' ? not(leaf) : leaf;
}

function planEvent(c: EventCondition, now: Date): PlanNode {
  // Only what has happened by `now` counts, whatever the window says: [from, min(end, now]].
  const end = new Date(now.getTime() + 1);
  const from = c.window.kind === 'lastDays' ? new Date(now.getTime() - c.window.days * dayMs) : kstDayStart(c.window.from);
  const windowEnd = c.window.kind === 'lastDays' ? end : kstDayStart(addDays(c.window.to, 1));
  const until = windowEnd < end ? windowEnd : end;
  const count = (atLeast: number): PlanNode => (atLeast <= 0 ? TRUE : { kind: 'events', eventType: c.eventType, from, until, where: c.where ?? [], atLeast });
  return c.op === 'atLeast' ? count(c.times) : not(count(c.times + 1));
}

/** Resolves relative values and inlines referenced segments; errors come back as data. */
export function planSegment(definition: SegmentDefinition, ctx: PlanContext): PlanResult {
  const errors: DefinitionError[] = [];
  const inlined = new Map<number, PlanNode>();

  const walk = (node: SegmentNode, path: string, stack: number[]): PlanNode => {
    switch (node.type) {
      case 'and':
        return and(node.children.map((c, i) => walk(c, `${path}.children.${i}`, stack)));
      case 'or':
        return or(node.children.map((c, i) => walk(c, `${path}.children.${i}`, stack)));
      case 'not':
        return not(walk(node.child, `${path}.child`, stack));
      case 'attribute':
        return planAttribute(node, ctx.now);
      case 'holding':
        return planHolding(node, ctx.now);
      case 'event':
        return planEvent(node, ctx.now);
      case 'segment': {
        const id = node.segmentId;
        if (stack.includes(id)) {
          const cycle = [...stack.slice(stack.indexOf(id)), id];
          errors.push({ path: `${path}.segmentId`, ...segmentProblem('segmentCycle', { cycle: cycle.join(' -> ') }) });
          return FALSE;
        }
        const known = inlined.get(id);
        if (known) return known;
        const target = ctx.resolveSegment(id);
        if (!target) {
          errors.push({ path: `${path}.segmentId`, ...segmentProblem('segmentNotPublished', { id }) });
          return FALSE;
        }
        // Errors inside another segment are reported at the reference the marketer can change.
        const planned = walk(target.root, path, [...stack, id]);
        inlined.set(id, planned);
        return planned;
      }
      default: {
        const never: never = node;
        throw new Error(`unhandled node ${JSON.stringify(never)}`);
      }
    }
  };

  const root = walk(definition.root, 'root', ctx.segmentId === undefined ? [] : [ctx.segmentId]);
  if (errors.length) {
    const unique = [...new Map(errors.map((e) => [`${e.path}|${e.message}`, e])).values()];
    return { ok: false, errors: unique };
  }
  return { ok: true, plan: { root } };
}

export interface PlanNeeds {
  holdings: boolean;
  /** Earliest event instant any event condition looks at; null when none does. */
  eventsSince: Date | null;
  /** End (exclusive) of the latest event window; null when no event condition. */
  eventsUntil: Date | null;
  /** Event types any condition counts; only these need loading. */
  eventTypes: string[];
  /** Of those, the types whose properties a filter reads (the others load from the index alone). */
  propertyTypes: string[];
}

/** The facts needed to decide several plans at once (real-time evaluation of every published segment). */
export function mergeNeeds(all: PlanNeeds[]): PlanNeeds {
  const out: PlanNeeds = { holdings: false, eventsSince: null, eventsUntil: null, eventTypes: [], propertyTypes: [] };
  for (const n of all) {
    out.holdings ||= n.holdings;
    if (n.eventsSince && (!out.eventsSince || n.eventsSince < out.eventsSince)) out.eventsSince = n.eventsSince;
    if (n.eventsUntil && (!out.eventsUntil || n.eventsUntil > out.eventsUntil)) out.eventsUntil = n.eventsUntil;
    out.eventTypes.push(...n.eventTypes);
    out.propertyTypes.push(...n.propertyTypes);
  }
  out.eventTypes = [...new Set(out.eventTypes)].sort();
  out.propertyTypes = [...new Set(out.propertyTypes)].sort();
  return out;
}

/** The facts the in-memory evaluator needs to decide this plan. */
export function planNeeds(plan: SegmentPlan): PlanNeeds {
  const needs: PlanNeeds = { holdings: false, eventsSince: null, eventsUntil: null, eventTypes: [], propertyTypes: [] };
  const visit = (n: PlanNode): void => {
    if (n.kind === 'and' || n.kind === 'or') n.children.forEach(visit);
    else if (n.kind === 'not') visit(n.child);
    else if (n.kind === 'holding') needs.holdings = true;
    else if (n.kind === 'events') {
      if (!needs.eventsSince || n.from < needs.eventsSince) needs.eventsSince = n.from;
      if (!needs.eventsUntil || n.until > needs.eventsUntil) needs.eventsUntil = n.until;
      if (!needs.eventTypes.includes(n.eventType)) needs.eventTypes.push(n.eventType);
      if (n.where.length > 0 && !needs.propertyTypes.includes(n.eventType)) needs.propertyTypes.push(n.eventType);
    }
  };
  visit(plan.root);
  return needs;
}
