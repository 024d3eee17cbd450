import type { EventPropertyFilter } from '../definitions/segment/segment-condition.schema.js';
import type { EventPlan, HoldingPlan, PlanColumn, PlanNode, SegmentPlan } from './segment-plan.js';

/**
 * A segment plan as one boolean SQL expression over `customer <alias>`, for
 * membership refreshes and audience counts. It must give exactly the answer
 * of plan-matches.ts, so:
 *
 * - It is never NULL. A leaf on a nullable column is guarded with
 *   `col IS NOT NULL AND ...` (FALSE AND NULL is FALSE), so NOT of a leaf
 *   is true for an unknown value, as in memory.
 * - Strings compare as bytes. The tables use utf8mb4_unicode_ci, which
 *   ignores case and trailing spaces ('vip ' = 'VIP'), and utf8mb4_bin
 *   still pads; a binary string (CAST AS BINARY) does neither. Where an
 *   index could help, the collated comparison stays in front of the binary
 *   one: it is a superset of the exact match, so the result is unchanged.
 * - Instants are passed as UTC text ('YYYY-MM-DD HH:MM:SS.mmm'), so the
 *   result does not depend on the driver's timezone setting.
 * - Values only ever travel as `?` parameters; the only text built from the
 *   definition is a JSON path, from a property name the schema restricts to
 *   an identifier, and it is a parameter too.
 *
 * Holdings are a correlated EXISTS on the customer's own holdings; events
 * are `c.id IN (subquery)` semi-joins that MariaDB materialises from
 * behaviour_event (type, occurred_at, customer_id), answering a count
 * without touching the rows unless a property filter needs them.
 * customer_id is NOT NULL, so NOT IN over these subqueries is never NULL.
 * For counting and materialising, `planToQuery` drives from an event set.
 */

export interface SqlExpression {
  sql: string;
  params: unknown[];
}

/** UTC text of an instant, as DATETIME(3) columns hold it. */
export function sqlInstant(d: Date): string {
  return d.toISOString().slice(0, 23).replace('T', ' ');
}

/** LIKE pattern escaping with '!' (backslash depends on sql_mode). */
const likeEscape = (s: string): string => s.replace(/[!%_]/g, '!$&');

class Builder {
  readonly params: unknown[] = [];
  constructor(private readonly alias: string) {}

  p(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  col(c: PlanColumn): string {
    return `${this.alias}.${c.column}`;
  }

  /** `IS NOT NULL AND` in front of a nullable column keeps the expression two-valued. */
  guard(c: PlanColumn, expr: string): string {
    return c.nullable ? `(${this.col(c)} IS NOT NULL AND ${expr})` : `(${expr})`;
  }

  node(n: PlanNode): string {
    switch (n.kind) {
      case 'const':
        return n.value ? '(1=1)' : '(1=0)';
      case 'and':
        return `(${n.children.map((c) => this.node(c)).join(' AND ')})`;
      case 'or':
        return `(${n.children.map((c) => this.node(c)).join(' OR ')})`;
      case 'not':
        return `(NOT ${this.node(n.child)})`;
      case 'in': {
        const col = this.col(n.col);
        const ci = n.values.map((v) => this.p(v)).join(', ');
        const bin = n.values.map((v) => this.p(v)).join(', ');
        return this.guard(n.col, `${col} IN (${ci}) AND CAST(${col} AS BINARY) IN (${bin})`);
      }
      case 'inInt':
        return this.guard(n.col, `${this.col(n.col)} IN (${n.values.map((v) => this.p(v)).join(', ')})`);
      case 'text': {
        const col = this.col(n.col);
        if (n.op === 'eq') return this.guard(n.col, `${col} = ${this.p(n.value)} AND CAST(${col} AS BINARY) = ${this.p(n.value)}`);
        const pattern = n.op === 'startsWith' ? `${likeEscape(n.value)}%` : `%${likeEscape(n.value)}%`;
        return this.guard(n.col, `CAST(${col} AS BINARY) LIKE ${this.p(pattern)} ESCAPE '!'`);
      }
      case 'bool':
        return this.guard(n.col, `${this.col(n.col)} = ${this.p(n.value ? 1 : 0)}`);
      case 'dayRange':
        return this.range(n.col, n.from, n.to, '<=');
      case 'instantRange':
        return this.range(n.col, n.from && sqlInstant(n.from), n.until && sqlInstant(n.until), '<');
      case 'tag':
        return `(FIND_IN_SET(CAST(${this.p(n.value)} AS BINARY), CAST(${this.alias}.tags AS BINARY)) > 0)`;
      case 'holding':
        return this.holding(n);
      case 'events':
        return this.events(n);
      default: {
        const never: never = n;
        throw new Error(`unhandled plan node ${JSON.stringify(never)}`);
      }
    }
  }

  range(c: PlanColumn, from: string | null, to: string | null, upper: '<' | '<='): string {
    const parts = [`${this.col(c)} IS NOT NULL`];
    if (from !== null) parts.push(`${this.col(c)} >= ${this.p(from)}`);
    if (to !== null) parts.push(`${this.col(c)} ${upper} ${this.p(to)}`);
    return `(${parts.join(' AND ')})`;
  }

  holding(n: HoldingPlan): string {
    const where = [`(h.closed_on IS NULL OR h.closed_on > ${this.p(n.today)})`];
    // Soft-deleted products are not excluded: the customer still holds the contract.
    if (n.productCode !== null) where.push(`p.code = ${this.p(n.productCode)} AND CAST(p.code AS BINARY) = ${this.p(n.productCode)}`);
    if (n.productType !== null) where.push(`p.type = ${this.p(n.productType)}`);
    if (n.minAmount !== null) where.push(`h.amount >= ${this.p(n.minAmount)}`);
    if (n.maxAmount !== null) where.push(`h.amount <= ${this.p(n.maxAmount)}`);
    if (n.openedFrom !== null) where.push(`h.opened_on >= ${this.p(n.openedFrom)}`);
    if (n.openedTo !== null) where.push(`h.opened_on <= ${this.p(n.openedTo)}`);
    const join = n.productCode !== null || n.productType !== null ? ' JOIN product p ON p.id = h.product_id' : '';
    // Correlated EXISTS, read from holding (customer_id, product_id, closed_on, opened_on, amount) alone:
    // as `IN (subquery)` MariaDB materialised every open holding of the type in the bank first
    // (19 s for "holds a fund" at 2.8M holdings; see test/bench/segment.bench.ts).
    return `(EXISTS (SELECT 1 FROM holding h${join} WHERE h.customer_id = ${this.alias}.id AND ${where.join(' AND ')}))`;
  }

  events(n: EventPlan): string {
    return `(${this.alias}.id IN (${this.eventCustomers(n)}))`;
  }

  /** The customers with at least `atLeast` matching events, one row each. */
  eventCustomers(n: EventPlan): string {
    const where = [
      `e.type = ${this.p(n.eventType)}`,
      `CAST(e.type AS BINARY) = ${this.p(n.eventType)}`,
      `e.occurred_at >= ${this.p(sqlInstant(n.from))}`,
      `e.occurred_at < ${this.p(sqlInstant(n.until))}`,
      ...n.where.map((f) => this.propertyFilter(f)),
    ];
    const having = n.atLeast > 1 ? ` HAVING COUNT(*) >= ${this.p(n.atLeast)}` : '';
    return `SELECT e.customer_id FROM behaviour_event e WHERE ${where.join(' AND ')} GROUP BY e.customer_id${having}`;
  }

  /**
   * A property filter with the JSON type checked: "5" (a string) is not 5,
   * true is not 1. A missing property makes eq and comparisons false and
   * neq true (neq is NOT eq). IS TRUE turns the NULL of a missing path
   * into false before NOT sees it.
   */
  propertyFilter(f: EventPropertyFilter): string {
    const path = `$."${f.property}"`;
    const type = `JSON_TYPE(JSON_EXTRACT(e.properties, ${this.p(path)}))`;
    let test: string;
    if (typeof f.value === 'string') {
      test = `${type} = 'STRING' AND CAST(JSON_VALUE(e.properties, ${this.p(path)}) AS BINARY) = ${this.p(f.value)}`;
    } else if (typeof f.value === 'boolean') {
      test = `${type} = 'BOOLEAN' AND JSON_EXTRACT(e.properties, ${this.p(path)}) = ${this.p(f.value ? 'true' : 'false')}`;
    } else {
      const op = { eq: '=', neq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
      test = `${type} IN ('INTEGER', 'DOUBLE') AND CAST(JSON_VALUE(e.properties, ${this.p(path)}) AS DOUBLE) ${op} CAST(${this.p(f.value)} AS DOUBLE)`;
    }
    return f.op === 'neq' ? `NOT ((${test}) IS TRUE)` : `((${test}) IS TRUE)`;
  }
}

const checkAlias = (alias: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`not an SQL alias: ${alias}`);
};

/** The plan as a never-NULL boolean SQL expression over `customer <alias>`. */
export function planToSql(plan: SegmentPlan, alias = 'c'): SqlExpression {
  checkAlias(alias);
  const b = new Builder(alias);
  const sql = b.node(plan.root);
  return { sql, params: b.params };
}

/**
 * The narrow covering index on customer (migration 1732700000000): the
 * columns segment conditions read most, keyed by id. Columns outside it
 * (customer number, segment label, the two datetimes) are read from the row.
 */
export const audienceIndex = {
  name: 'idx_customer_audience',
  columns: [
    'id',
    'status',
    'region',
    'propensity',
    'risk_grade',
    'birth_date',
    'gender',
    'branch_code',
    'consent_sms',
    'consent_email',
    'consent_push',
    'consent_night',
    'assigned_staff_id',
    'tags',
  ],
} as const;

/** The customer columns a plan reads (holdings and events only need the id). */
export function customerColumnsOf(node: PlanNode, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'and':
    case 'or':
      node.children.forEach((c) => customerColumnsOf(c, into));
      break;
    case 'not':
      customerColumnsOf(node.child, into);
      break;
    case 'in':
    case 'inInt':
    case 'text':
    case 'bool':
    case 'dayRange':
    case 'instantRange':
      into.add(node.col.column);
      break;
    case 'tag':
      into.add('tags');
      break;
    case 'const':
    case 'holding':
    case 'events':
      break;
    default: {
      const never: never = node;
      throw new Error(`unhandled plan node ${JSON.stringify(never)}`);
    }
  }
  return into;
}

const coveredByAudienceIndex = (nodes: PlanNode[]): boolean => {
  const covered: readonly string[] = audienceIndex.columns;
  return nodes.every((n) => [...customerColumnsOf(n)].every((c) => covered.includes(c)));
};

/** `SELECT ... FROM ${from} WHERE ${where}` selects exactly the customers `planToSql` accepts. */
export interface SqlQuery {
  from: string;
  where: string;
  params: unknown[];
}

/**
 * The plan as a FROM and WHERE over `customer <alias>`, shaped for counting
 * and materialising at scale. When the definition requires an event count
 * (a positive event condition among its top-level AND), the query starts
 * from the customers who did it: one index range scan on behaviour_event
 * (type, occurred_at, customer_id), grouped, then the customers joined by
 * primary key and the other conditions checked on those few rows only.
 * Scanning every customer and probing the event set instead took 14-49 s on
 * 1M customers / 10M events; driven this way, under a second.
 * Otherwise it is the plain expression over every customer.
 */
export function planToQuery(plan: SegmentPlan, alias = 'c'): SqlQuery {
  checkAlias(alias);
  const conjuncts = plan.root.kind === 'and' ? plan.root.children : [plan.root];
  const driver = conjuncts.find((n): n is EventPlan => n.kind === 'events');
  const b = new Builder(alias);
  if (!driver) return { from: `customer ${alias}`, where: b.node(plan.root), params: b.params };
  const rest = conjuncts.filter((n) => n !== driver);
  // MariaDB joins the candidates through the primary key, which reads whole customer rows; when
  // the audience index holds every column the conditions (and the audience scope, status) read,
  // it is used instead: 50 instead of 660 bytes a candidate, 1.9 s -> 0.4 s on the benchmark.
  const hint = coveredByAudienceIndex(rest) ? ` FORCE INDEX (${audienceIndex.name})` : '';
  const from = `(${b.eventCustomers(driver)}) driver STRAIGHT_JOIN customer ${alias}${hint} ON ${alias}.id = driver.customer_id`;
  const where = rest.length === 0 ? '(1=1)' : `(${rest.map((n) => b.node(n)).join(' AND ')})`;
  return { from, where, params: b.params };
}
