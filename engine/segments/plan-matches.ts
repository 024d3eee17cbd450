import type { EventPropertyFilter } from '../definitions/segment/segment-condition.schema.js';
import type { CustomerFacts } from './customer-facts.js';
import type { EventPlan, HoldingPlan, PlanNode, SegmentPlan } from './segment-plan.js';

/**
 * The in-memory evaluator: does one customer belong to a planned segment?
 * Used on every behaviour event for every published segment, so it is a
 * plain tree walk with no allocation beyond the counts. Its answers must
 * equal plan-to-sql.ts's, which the property test checks against MariaDB:
 * strings compare exactly (===), a NULL value makes a leaf false, and
 * events and holdings are filtered exactly as the SQL subqueries filter.
 */
export function planMatches(plan: SegmentPlan, facts: CustomerFacts): boolean {
  return matches(plan.root, facts);
}

function matches(n: PlanNode, f: CustomerFacts): boolean {
  switch (n.kind) {
    case 'const':
      return n.value;
    case 'and':
      return n.children.every((c) => matches(c, f));
    case 'or':
      return n.children.some((c) => matches(c, f));
    case 'not':
      return !matches(n.child, f);
    case 'in': {
      const v = f.customer[n.col.key];
      return typeof v === 'string' && n.values.includes(v);
    }
    case 'inInt': {
      const v = f.customer[n.col.key];
      return typeof v === 'number' && n.values.includes(v);
    }
    case 'text': {
      const v = f.customer[n.col.key];
      if (typeof v !== 'string') return false;
      return n.op === 'eq' ? v === n.value : n.op === 'startsWith' ? v.startsWith(n.value) : v.includes(n.value);
    }
    case 'bool':
      return f.customer[n.col.key] === n.value;
    case 'dayRange': {
      const v = f.customer[n.col.key];
      // 'YYYY-MM-DD' strings order like the days they name.
      return typeof v === 'string' && (n.from === null || v >= n.from) && (n.to === null || v <= n.to);
    }
    case 'instantRange': {
      const v = f.customer[n.col.key];
      if (!(v instanceof Date)) return false;
      const t = v.getTime();
      return (n.from === null || t >= n.from.getTime()) && (n.until === null || t < n.until.getTime());
    }
    case 'tag':
      return f.customer.tags.includes(n.value);
    case 'holding':
      return f.holdings.some((h) => holdingMatches(n, h));
    case 'events':
      return countEvents(n, f) >= n.atLeast;
    default: {
      const never: never = n;
      throw new Error(`unhandled plan node ${JSON.stringify(never)}`);
    }
  }
}

function holdingMatches(n: HoldingPlan, h: CustomerFacts['holdings'][number]): boolean {
  return (
    (h.closedOn === null || h.closedOn > n.today) &&
    (n.productCode === null || h.productCode === n.productCode) &&
    (n.productType === null || h.productType === n.productType) &&
    (n.minAmount === null || h.amount >= n.minAmount) &&
    (n.maxAmount === null || h.amount <= n.maxAmount) &&
    (n.openedFrom === null || h.openedOn >= n.openedFrom) &&
    (n.openedTo === null || h.openedOn <= n.openedTo)
  );
}

function countEvents(n: EventPlan, f: CustomerFacts): number {
  const from = n.from.getTime();
  const until = n.until.getTime();
  let count = 0;
  for (const e of f.events) {
    if (e.type !== n.eventType) continue;
    const t = e.occurredAt.getTime();
    if (t < from || t >= until) continue;
    if (n.where.every((w) => propertyMatches(w, e.properties))) {
      count += 1;
      if (count >= n.atLeast) return count;
    }
  }
  return count;
}

/** JSON types are checked: "5" is not 5 and true is not 1; neq is NOT eq, so a missing property satisfies it. */
export function propertyMatches(w: EventPropertyFilter, properties: Record<string, unknown>): boolean {
  const v = Object.prototype.hasOwnProperty.call(properties, w.property) ? properties[w.property] : undefined;
  if (w.op === 'neq') return !equals(v, w.value);
  if (w.op === 'eq') return equals(v, w.value);
  if (typeof v !== 'number' || typeof w.value !== 'number') return false;
  switch (w.op) {
    case 'gt':
      return v > w.value;
    case 'gte':
      return v >= w.value;
    case 'lt':
      return v < w.value;
    case 'lte':
      return v <= w.value;
    default: {
      const never: never = w.op;
      throw new Error(`unhandled property operator ${String(never)}`);
    }
  }
}

const equals = (v: unknown, want: string | number | boolean): boolean => typeof v === typeof want && v === want;
