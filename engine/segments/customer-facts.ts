import { sqlInstant } from './plan-to-sql.js';

/**
 * What the in-memory evaluator (plan-matches.ts) knows about one customer:
 * the catalogue's columns, open and closed holdings with their product, and
 * the behaviour events of the window the plans look at. Values keep exactly
 * what the database holds (no trimming, no case folding) so both evaluators
 * compare the same bytes.
 */
export interface CustomerFacts {
  customer: {
    customerNo: string;
    status: string;
    gender: string | null;
    /** 'YYYY-MM-DD' or null. */
    birthDate: string | null;
    region: string | null;
    branchCode: string | null;
    propensity: string | null;
    riskGrade: string;
    segmentLabel: string | null;
    assignedStaffId: number | null;
    consentSms: boolean;
    consentEmail: boolean;
    consentPush: boolean;
    consentNight: boolean;
    /** The comma-separated column split as stored; '' is no tags. */
    tags: string[];
    createdAt: Date;
    statusChangedAt: Date | null;
  };
  holdings: Array<{ productCode: string; productType: string; amount: number; openedOn: string; closedOn: string | null }>;
  events: Array<{ type: string; occurredAt: Date; properties: Record<string, unknown> }>;
}

/** A TypeORM DataSource or EntityManager, or anything with the same `query`. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own `query<T = any>`: each caller types the rows it reads
  query(sql: string, params?: unknown[]): Promise<any>;
}

// The rows as the driver returns them (BIGINT and DECIMAL may arrive as strings; dates are formatted to text in SQL).
interface CustomerRow {
  id: number | string;
  customer_no: string;
  status: string;
  gender: string | null;
  birth_date: string | null;
  region: string | null;
  branch_code: string | null;
  propensity: string | null;
  risk_grade: string;
  segment_label: string | null;
  assigned_staff_id: number | string | null;
  consent_sms: unknown;
  consent_email: unknown;
  consent_push: unknown;
  consent_night: unknown;
  tags: string;
  created_at: string;
  status_changed_at: string | null;
}
interface HoldingRow {
  customer_id: number | string;
  code: string;
  type: string;
  amount: number | string;
  opened_on: string;
  closed_on: string | null;
}
interface EventRow {
  customer_id: number | string;
  type: string;
  occurred_at: string;
  /** Only when the read asked for properties. */
  properties?: unknown;
}

export interface FactNeeds {
  holdings: boolean;
  /** Load events from this instant on; null loads none. */
  eventsSince: Date | null;
  /** Load events before this instant (exclusive); defaults to no upper bound. */
  eventsUntil?: Date | null;
  /** Only events of these types (default: every type). */
  eventTypes?: string[];
  /** Types whose properties are needed; the others are read from the index alone, with empty properties. */
  propertyTypes?: string[];
}

// DATE and DATETIME leave the database as text so the driver's timezone and
// dateStrings settings cannot shift a day; DATETIME(3) text is UTC.
const utc = (text: string): Date => new Date(`${text.slice(0, 23).replace(' ', 'T')}Z`);
// MariaDB's JSON is LONGTEXT on the wire: raw queries get a string.
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';

/** Loads facts for many customers in a few batched queries (customers, holdings, events), run concurrently. */
export async function loadCustomerFacts(db: Queryable, customerIds: number[], needs: FactNeeds): Promise<Map<number, CustomerFacts>> {
  const facts = new Map<number, CustomerFacts>();
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return facts;
  const list = ids.map(() => '?').join(', ');

  // The three reads are independent: run side by side on the pool's connections, so
  // the latency is the slowest one's, not their sum (real-time evaluation waits on it).
  const customersRead: Promise<CustomerRow[]> = db.query(
    `SELECT id, customer_no, status, gender, DATE_FORMAT(birth_date, '%Y-%m-%d') AS birth_date, region, branch_code,
       propensity, risk_grade, segment_label, assigned_staff_id, consent_sms, consent_email, consent_push, consent_night,
       tags, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') AS created_at,
       DATE_FORMAT(status_changed_at, '%Y-%m-%d %H:%i:%s.%f') AS status_changed_at
     FROM customer WHERE id IN (${list})`,
    ids,
  );
  const holdingsRead = needs.holdings ? loadHoldings(db, ids, list) : Promise.resolve([]);
  const eventsRead = needs.eventsSince ? loadEvents(db, ids, list, needs) : Promise.resolve([]);
  const [customers, holdings, events] = await Promise.all([customersRead, holdingsRead, eventsRead]);
  for (const r of customers) {
    facts.set(Number(r.id), {
      customer: {
        customerNo: r.customer_no,
        status: r.status,
        gender: r.gender,
        birthDate: r.birth_date,
        region: r.region,
        branchCode: r.branch_code,
        propensity: r.propensity,
        riskGrade: r.risk_grade,
        segmentLabel: r.segment_label,
        assignedStaffId: r.assigned_staff_id === null ? null : Number(r.assigned_staff_id),
        consentSms: bool(r.consent_sms),
        consentEmail: bool(r.consent_email),
        consentPush: bool(r.consent_push),
        consentNight: bool(r.consent_night),
        tags: r.tags === '' ? [] : String(r.tags).split(','),
        createdAt: utc(r.created_at),
        statusChangedAt: r.status_changed_at === null ? null : utc(r.status_changed_at),
      },
      holdings: [],
      events: [],
    });
  }

  for (const h of holdings) {
    facts.get(Number(h.customer_id))?.holdings.push({
      productCode: h.code,
      productType: h.type,
      amount: Number(h.amount),
      openedOn: h.opened_on,
      closedOn: h.closed_on,
    });
  }

  for (const e of events) {
    const properties = e.properties === undefined ? {} : json(e.properties);
    facts.get(Number(e.customer_id))?.events.push({
      type: e.type,
      occurredAt: utc(e.occurred_at),
      properties: properties && typeof properties === 'object' && !Array.isArray(properties) ? (properties as Record<string, unknown>) : {},
    });
  }
  return facts;
}

function loadHoldings(db: Queryable, ids: number[], list: string): Promise<HoldingRow[]> {
  return db.query(
    `SELECT h.customer_id, p.code, p.type, h.amount, DATE_FORMAT(h.opened_on, '%Y-%m-%d') AS opened_on,
       DATE_FORMAT(h.closed_on, '%Y-%m-%d') AS closed_on
     FROM holding h JOIN product p ON p.id = h.product_id WHERE h.customer_id IN (${list})`,
    ids,
  );
}

async function loadEvents(db: Queryable, ids: number[], list: string, needs: FactNeeds): Promise<EventRow[]> {
  const until = needs.eventsUntil ? ` AND occurred_at < ?` : '';
  const window = [sqlInstant(needs.eventsSince!), ...(needs.eventsUntil ? [sqlInstant(needs.eventsUntil)] : [])];
  const load = async (types: string[] | null, withProperties: boolean): Promise<EventRow[]> => {
    if (types !== null && types.length === 0) return [];
    const marks = (types ?? []).map(() => '?').join(', ');
    // With types given, idx_behaviour_customer_type (customer_id, type, occurred_at) serves the range;
    // without properties nothing else is read, so no row of the table is touched. The binary
    // comparison keeps the two reads disjoint: under the table's case-insensitive collation
    // 'app.login' would also fetch the 'App.Login' rows the other read returns (found by the property test).
    const typeFilter = types === null ? '' : ` AND type IN (${marks}) AND CAST(type AS BINARY) IN (${marks})`;
    return db.query(
      `SELECT customer_id, type, DATE_FORMAT(occurred_at, '%Y-%m-%d %H:%i:%s.%f') AS occurred_at${withProperties ? ', properties' : ''}
       FROM behaviour_event WHERE customer_id IN (${list})${typeFilter} AND occurred_at >= ?${until}`,
      [...ids, ...(types ?? []), ...(types ?? []), ...window],
    );
  };
  if (!needs.eventTypes) return load(null, true);
  const withProperties = new Set(needs.propertyTypes ?? []);
  const [bare, full] = await Promise.all([
    load(
      needs.eventTypes.filter((t) => !withProperties.has(t)),
      false,
    ),
    load(
      needs.eventTypes.filter((t) => withProperties.has(t)),
      true,
    ),
  ]);
  return [...bare, ...full];
}
