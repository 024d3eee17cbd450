import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { AppConfig } from '../../engine/config/load-config.js';
import type { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { maskEmail, maskMobile } from '../../resources/customer/contact-format.util.js';
import { benchCustomer, benchCustomerNo, benchEmail, benchMobile } from './bench-customers.js';

const BATCH = 5000;
/** Below this many rows, maintaining the indexes row by row costs less than rebuilding them. */
const REBUILD_FROM = 100_000;

/**
 * Secondary indexes on values in random order (name, keyed hashes): row-by-row
 * inserts into them turn into random page reads once they outgrow the buffer
 * pool, which is what slows a bulk load down. A big load drops them and builds
 * each again in one sorted pass. Definitions as in migrations/1732400000000-crm.ts.
 */
const randomOrderIndexes = [
  ['uq_customer_mobile_hash', 'UNIQUE KEY uq_customer_mobile_hash (mobile_hash)'],
  ['uq_customer_email_hash', 'UNIQUE KEY uq_customer_email_hash (email_hash)'],
  ['idx_customer_name', 'KEY idx_customer_name (name)'],
] as const;

/** The same columns, in the same order, as the demo seed's customer insert. */
const columns = [
  'customer_no',
  'name',
  'name_en',
  'gender',
  'birth_date',
  'mobile_enc',
  'mobile_hash',
  'mobile_masked',
  'email_enc',
  'email_hash',
  'email_masked',
  'status',
  'region',
  'branch_code',
  'segment_label',
  'propensity',
  'risk_grade',
  'assigned_staff_id',
  'consent_sms',
  'consent_sms_at',
  'consent_email',
  'consent_email_at',
  'consent_push',
  'consent_push_at',
  'consent_night',
  'consent_night_at',
  'status_changed_at',
  'withdrawn_at',
  'created_at',
];

export interface LoadReport {
  /** Rows inserted by this run (0 when the table was already big enough). */
  loaded: number;
  seconds: number;
  /** Benchmark customers present: B0000001..B<benchCustomers>. */
  benchCustomers: number;
}

/**
 * Tops the customer table up to `target` rows with benchmark customers,
 * continuing after the highest B number already there. Rows go in batches of
 * 5,000 through one connection with unique and foreign-key checks off (the
 * referenced staff exist, and the unique keys are checked when rebuilt), and
 * the next batch is encrypted while the database writes the previous one.
 */
export async function topUpCustomers(db: AppConfig['db'], cipher: PiiCipher, target: number, log: (line: string) => void): Promise<LoadReport> {
  const conn = await createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    charset: 'UTF8MB4_UNICODE_CI',
    timezone: 'Z',
  });
  try {
    const t0 = Date.now();
    // Also heals a table left without these indexes by an interrupted load.
    await restoreIndexes(conn, log);
    const [{ total }] = await select<{ total: number }>(conn, 'SELECT COUNT(*) total FROM customer');
    const already = await highestBenchNo(conn);
    const need = target - Number(total);
    if (need <= 0) return { loaded: 0, seconds: 0, benchCustomers: already };

    log(`loading ${need.toLocaleString('en')} customers (${Number(total).toLocaleString('en')} present, target ${target.toLocaleString('en')})`);
    const bankersOf = await bankersByBranch(conn);
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    if (need >= REBUILD_FROM) await conn.query(`ALTER TABLE customer ${randomOrderIndexes.map(([name]) => `DROP INDEX ${name}`).join(', ')}`);
    const now = Date.now();
    let writing: Promise<void> = Promise.resolve();
    for (let from = already + 1, last = already + need; from <= last; from += BATCH) {
      const to = Math.min(last, from + BATCH - 1);
      const rows = buildRows(from, to, now, cipher, bankersOf);
      await writing;
      writing = insertBatch(conn, rows, from, to);
      if ((to - already) % 100_000 < BATCH || to === last) log(`  ${(to - already).toLocaleString('en')} rows, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    await writing;
    // Checks back on first, so rebuilding the unique keys also proves the generator made no duplicates.
    await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
    await restoreIndexes(conn, log);
    // Fresh index statistics, as the server would have after its background recalculation.
    await conn.query('ANALYZE TABLE customer, customer_status_history');
    return { loaded: need, seconds: (Date.now() - t0) / 1000, benchCustomers: already + need };
  } finally {
    await conn.end();
  }
}

async function select<T>(conn: Connection, sql: string): Promise<T[]> {
  const [rows] = await conn.query<RowDataPacket[]>(sql);
  return rows as T[];
}

async function restoreIndexes(conn: Connection, log: (line: string) => void): Promise<void> {
  const present = new Set(
    (await select<{ name: string }>(conn, "SELECT DISTINCT index_name name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'customer'")).map(
      (r) => r.name,
    ),
  );
  const missing = randomOrderIndexes.filter(([name]) => !present.has(name));
  if (!missing.length) return;
  const t0 = Date.now();
  await conn.query(`ALTER TABLE customer ${missing.map(([, definition]) => `ADD ${definition}`).join(', ')}`);
  log(`  built ${missing.map(([name]) => name).join(', ')} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

async function highestBenchNo(conn: Connection): Promise<number> {
  const [{ no }] = await select<{ no: string | null }>(conn, "SELECT MAX(customer_no) no FROM customer WHERE customer_no LIKE 'B%'");
  return no ? Number(no.slice(1)) : 0;
}

/** Customers are assigned to a banker of their own branch, as in the demo seed. */
async function bankersByBranch(conn: Connection): Promise<(branch: string) => readonly number[]> {
  const rows = await select<{ id: number; branch_code: string | null }>(conn, "SELECT id, branch_code FROM staff WHERE role = 'banker' AND active = 1");
  const map = new Map<string, number[]>();
  for (const r of rows) if (r.branch_code) map.set(r.branch_code, [...(map.get(r.branch_code) ?? []), Number(r.id)]);
  return (branch) => map.get(branch) ?? [];
}

function buildRows(from: number, to: number, now: number, cipher: PiiCipher, bankersOf: (branch: string) => readonly number[]): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = from; i <= to; i++) {
    const c = benchCustomer(i, now, bankersOf);
    const mobile = benchMobile(i);
    const email = benchEmail(i);
    rows.push([
      c.customerNo,
      c.name,
      null,
      c.gender,
      c.birthDate,
      mobile ? cipher.encrypt(mobile) : null,
      mobile ? cipher.lookupHash('mobile', mobile) : null,
      mobile ? maskMobile(mobile) : null,
      email ? cipher.encrypt(email) : null,
      email ? cipher.lookupHash('email', email) : null,
      email ? maskEmail(email) : null,
      c.status,
      c.region,
      c.branch,
      c.segment,
      c.propensity,
      c.riskGrade,
      c.bankerId,
      c.sms,
      c.smsAt,
      c.mail,
      c.mailAt,
      c.push,
      c.pushAt,
      c.night,
      c.nightAt,
      c.created,
      c.withdrawnAt,
      c.created,
    ]);
  }
  return rows;
}

/** One batch and its first status-history rows (every customer has one, as after the seed's migration step). */
async function insertBatch(conn: Connection, rows: unknown[][], from: number, to: number): Promise<void> {
  await conn.query(`INSERT INTO customer (${columns.join(', ')}) VALUES ?`, [rows]);
  await conn.query(
    `INSERT INTO customer_status_history (customer_id, from_status, to_status, reason, actor_email, changed_at)
     SELECT c.id, NULL, c.status, '초기 데이터 이관', 'system:bench', c.created_at FROM customer c WHERE c.customer_no BETWEEN ? AND ?`,
    [benchCustomerNo(from), benchCustomerNo(to)],
  );
}
