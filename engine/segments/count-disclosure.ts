import { and, not, or, type CustomerKey, type PlanNode, type SegmentPlan } from './segment-plan.js';

/**
 * How much of an audience size a viewer may learn — pure decisions, no I/O.
 *
 * A count is a query answer: a role that sees a customer's birth date masked
 * must not recover it by asking "how many customers are number X and born
 * before D?" for ever narrower D. Roles that may unmask see exact counts;
 * for the others (`guarded`) three rules apply, each aimed at one way of
 * turning counts into one person's masked value:
 *
 * 1. Identifier + masked field: a definition that tests a field the role sees
 *    masked and also anything that names a customer (customer number, by any
 *    operator and in any polarity, also inside an included segment) is
 *    refused outright, before anything is counted.
 * 2. Narrow context: a masked-field condition can only change the count
 *    through the customers for whom it is *pivotal* — those for whom every
 *    AND-sibling on its path holds and every OR-sibling fails (NOT does not
 *    change pivotality). If that set is smaller than the minimum audience,
 *    the definition is refused. This is what defeats padding
 *    (`B OR (X AND born before D)`) and differencing
 *    (`A AND NOT (X AND born before D)`) with any narrowing X, not only a
 *    customer number: the count moves with D only through X's few customers.
 *    The context is measured with the *other* masked conditions relaxed
 *    (positive ones true, negated ones false), so whether a definition is
 *    refused never depends on masked data itself.
 * 3. Small counts are coarsened: below the minimum the answer is "fewer than
 *    N", with no sample rows. Sample rows are also withheld whenever the
 *    definition tests a masked field, because "customer X is in the sample of
 *    born-before-D" is the masked value again, one person at a time.
 *
 * Residual risk (documented in the README): two definitions whose non-masked
 * parts differ by one customer — `born before D` and `born before D AND NOT
 * (branch B AND customer since day T)` when that pair singles someone out —
 * each pass every rule, and their difference is that customer's answer.
 * Closing that needs noise with a privacy budget; here every preview is in the
 * access log with its definition, so such a series is visible afterwards.
 */

export type CountDisclosure = { kind: 'exact' } | { kind: 'guarded'; minAudience: number; maskedKeys: ReadonlySet<CustomerKey> };

export const exactCounts: CountDisclosure = { kind: 'exact' };

/** Customer columns that name one customer by themselves. */
const identifyingKeys: ReadonlySet<CustomerKey> = new Set<CustomerKey>(['customerNo']);

/** The customer column a leaf tests, if it tests one. */
function leafKey(n: PlanNode): CustomerKey | null {
  switch (n.kind) {
    case 'in':
    case 'inInt':
    case 'text':
    case 'bool':
    case 'dayRange':
    case 'instantRange':
      return n.col.key;
    case 'tag':
      return 'tags';
    default:
      return null;
  }
}

function keysOf(n: PlanNode, out = new Set<CustomerKey>()): Set<CustomerKey> {
  if (n.kind === 'and' || n.kind === 'or') n.children.forEach((c) => keysOf(c, out));
  else if (n.kind === 'not') keysOf(n.child, out);
  else {
    const key = leafKey(n);
    if (key) out.add(key);
  }
  return out;
}

/** The masked fields this plan tests (sorted), for a guarded viewer; none for an exact one. */
export function maskedKeysTested(plan: SegmentPlan, d: CountDisclosure): CustomerKey[] {
  if (d.kind === 'exact') return [];
  return [...keysOf(plan.root)].filter((k) => d.maskedKeys.has(k)).sort();
}

/** Rule 1: the identifying fields tested next to masked ones (empty when allowed). */
export function identifiersNextToMasked(plan: SegmentPlan, d: CountDisclosure): CustomerKey[] {
  if (maskedKeysTested(plan, d).length === 0) return [];
  return [...keysOf(plan.root)].filter((k) => identifyingKeys.has(k)).sort();
}

const isMaskedLeaf =
  (d: CountDisclosure) =>
  (n: PlanNode): boolean => {
    const key = leafKey(n);
    return d.kind === 'guarded' && key !== null && d.maskedKeys.has(key);
  };

/** A masked leaf in a positive position becomes true, in a negated one false: the condition no longer restricts. */
function relaxMasked(n: PlanNode, masked: (n: PlanNode) => boolean, positive = true): PlanNode {
  switch (n.kind) {
    case 'and':
      return and(n.children.map((c) => relaxMasked(c, masked, positive)));
    case 'or':
      return or(n.children.map((c) => relaxMasked(c, masked, positive)));
    case 'not':
      return not(relaxMasked(n.child, masked, !positive));
    default:
      return masked(n) ? { kind: 'const', value: positive } : n;
  }
}

/**
 * Rule 2: for each masked-field condition, the customers for whom it decides
 * the outcome (see above), as plans to count; identical ones once.
 */
export function maskedConditionContexts(plan: SegmentPlan, d: CountDisclosure): SegmentPlan[] {
  if (d.kind === 'exact') return [];
  const masked = isMaskedLeaf(d);
  const contexts = new Map<string, SegmentPlan>();
  const walk = (n: PlanNode, context: PlanNode[]): void => {
    switch (n.kind) {
      case 'and':
        n.children.forEach((c, i) => walk(c, [...context, ...n.children.filter((_, j) => j !== i)]));
        return;
      case 'or':
        n.children.forEach((c, i) => walk(c, [...context, ...n.children.filter((_, j) => j !== i).map(not)]));
        return;
      case 'not':
        walk(n.child, context);
        return;
      default:
        if (!masked(n)) return;
        {
          const root = relaxMasked(and(context), masked);
          contexts.set(JSON.stringify(root), { root });
        }
    }
  };
  walk(plan.root, []);
  return [...contexts.values()];
}

/** Rule 3: the count a viewer may see; null means "fewer than the minimum audience". */
export function shownCount(n: number, d: CountDisclosure): number | null {
  return d.kind === 'guarded' && n < d.minAudience ? null : n;
}

/** Whether sample customers may be shown with this count (rule 3). */
export function sampleAllowed(plan: SegmentPlan, count: number, d: CountDisclosure): boolean {
  return shownCount(count, d) !== null && maskedKeysTested(plan, d).length === 0;
}
