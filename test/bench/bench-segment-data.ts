/**
 * Data for the segment benchmark, loaded on top of the 1M benchmark customers
 * (bench-loader.ts): customer tags, 48 benchmark products with one published
 * version each, ~2.9 million holdings and 10 million behaviour events over
 * the last 365 days.
 *
 * Every value is a pure function of (row number, salt) through `unit`, so an
 * interrupted load resumes with identical rows. Work is cut into chunks; each
 * chunk is one transaction that also records itself in `bench_segment_chunk`,
 * so a rerun skips finished chunks and redoes only the one that was cut off.
 * The time anchor ("now" of the data) is stored with the first run and reused.
 *
 * Speed on 2 cores: rows are streamed as TSV through LOAD DATA LOCAL INFILE
 * (no SQL parsing, no client-side escaping), two connections at a time so one
 * generates while the other writes, unique and foreign-key checks off, and the
 * secondary indexes whose key order is random for the load (customer-first
 * event indexes, product/staff/branch holding indexes) dropped during a big
 * load and rebuilt afterwards in one sorted pass each. Events are generated in
 * time order, as a real event stream arrives, so the primary key, event_id and
 * (type, occurred_at, customer_id) grow at their ends.
 */
import { Readable } from 'node:stream';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { loadConfig, type AppConfig } from '../../engine/config/load-config.js';
import { connectDatabase, runMigrations } from '../../engine/db/data-source.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { resolvePiiKey } from '../../engine/crypto/pii-key.js';
import { createDomainServices } from '../../resources/domain-services.js';
import { seedDemo } from '../../seeds/run-seed.js';
import { topUpCustomers } from './bench-loader.js';
import { benchCustomer, benchCustomerNo, unit } from './bench-customers.js';

export const DAY = 86_400_000;

export const segmentBench = {
  events: Number(process.env.BENCH_EVENTS ?? 10_000_000),
  eventDays: 365,
  eventChunk: 250_000,
  holdingChunkCustomers: 50_000,
  tagChunkCustomers: 50_000,
  parallel: 2,
};

/** Event types with their share (per mille) of the stream. */
export const benchEventTypes: ReadonlyArray<readonly [string, number]> = [
  ['app.login', 380],
  ['product.view', 200],
  ['card.payment', 160],
  ['transfer.completed', 120],
  ['push.opened', 70],
  ['counsel.visit', 30],
  ['loan.inquiry', 20],
  ['deposit.matured', 20],
];

/** Tags and their share of customers (pension and newcomer also depend on age and customer-since). */
export const benchTags = ['salary', 'vip', 'pension', 'newcomer', 'overseas', 'digital'] as const;

const productTypes = ['DEPOSIT', 'SAVINGS', 'LOAN', 'FUND', 'INSURANCE', 'CARD'] as const;
type ProductType = (typeof productTypes)[number];
/** Share of holdings by product type. */
const holdingTypeShare: ReadonlyArray<readonly [ProductType, number]> = [
  ['DEPOSIT', 30],
  ['SAVINGS', 20],
  ['CARD', 22],
  ['LOAN', 8],
  ['FUND', 12],
  ['INSURANCE', 8],
];
/** Holdings per customer (share in per cent): mean ~2.9. */
const holdingsPerCustomer: ReadonlyArray<readonly [number, number]> = [
  [0, 9],
  [1, 18],
  [2, 22],
  [3, 20],
  [4, 13],
  [5, 8],
  [6, 5],
  [7, 3],
  [8, 2],
];
const productsPerType = 8;
const prefix: Record<ProductType, string> = { DEPOSIT: 'DP', SAVINGS: 'SV', LOAN: 'LN', FUND: 'FD', INSURANCE: 'IN', CARD: 'CD' };
export const benchProductCode = (type: ProductType, k: number) => `BX-${prefix[type]}-${String(k + 1).padStart(2, '0')}`;

/** Salts of this file (bench-customers.ts uses 1..22). */
const S = {
  count: 101,
  type: 102,
  product: 103,
  amount: 104,
  opened: 105,
  closed: 106,
  online: 107,
  closedAfter: 108,
  evTime: 201,
  evCustomer: 202,
  evType: 203,
  evChannel: 204,
  evAmount: 205,
  evProduct: 206,
  evLag: 207,
  evProductNo: 208,
  evTier: 209,
} as const;

function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>, u: number): T {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [value, w] of pairs) if ((x -= w) < 0) return value;
  return pairs[pairs.length - 1]![0];
}

export interface SegmentLoadReport {
  anchor: Date;
  parts: Array<{ part: string; rows: number; seconds: number; note?: string }>;
}

type Log = (line: string) => void;

export async function openBenchConnection(db: AppConfig['db']): Promise<Connection> {
  return createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    charset: 'UTF8MB4_UNICODE_CI',
    timezone: 'Z',
    multipleStatements: false,
  });
}

async function select<T>(conn: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [rows] = await conn.query<RowDataPacket[]>(sql, params);
  return rows as T[];
}

/**
 * Loads (or tops up) tags, products, holdings and events for benchmark
 * customers B0000001..B<benchCustomers>. Returns what this run did.
 */
export async function loadSegmentData(db: AppConfig['db'], benchCustomers: number, log: Log): Promise<SegmentLoadReport> {
  const conns = await Promise.all(Array.from({ length: segmentBench.parallel }, () => openBenchConnection(db)));
  const [conn] = conns as [Connection, ...Connection[]];
  try {
    for (const c of conns) await c.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    await conn.query(`CREATE TABLE IF NOT EXISTS bench_segment_state (name VARCHAR(40) NOT NULL PRIMARY KEY, value BIGINT NOT NULL)`);
    await conn.query(`CREATE TABLE IF NOT EXISTS bench_segment_chunk (
      part VARCHAR(20) NOT NULL, chunk INT UNSIGNED NOT NULL, rows_loaded INT UNSIGNED NOT NULL, seconds DECIMAL(8,2) NOT NULL,
      PRIMARY KEY (part, chunk))`);
    await conn.query('INSERT IGNORE INTO bench_segment_state (name, value) VALUES (?, ?)', ['anchor', Date.now()]);
    const [{ value }] = await select<{ value: string }>(conn, "SELECT value FROM bench_segment_state WHERE name = 'anchor'");
    const anchor = Number(value);
    const ids = await customerIds(conn, benchCustomers);
    const report: SegmentLoadReport = { anchor: new Date(anchor), parts: [] };
    report.parts.push(await loadTags(conns, ids, benchCustomers, anchor, log));
    const products = await loadProducts(conn, anchor, log);
    report.parts.push(await loadHoldings(conns, ids, benchCustomers, products, anchor, log));
    report.parts.push(await loadEvents(conns, ids, benchCustomers, anchor, log));
    return report;
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** id of benchmark customer i: contiguous after the demo customers when loaded in one go, else read from the table. */
async function customerIds(conn: Connection, n: number): Promise<(i: number) => number> {
  const [r] = await select<{ lo: number; hi: number; cnt: number }>(conn, "SELECT MIN(id) lo, MAX(id) hi, COUNT(*) cnt FROM customer WHERE customer_no BETWEEN 'B0000001' AND ?", [
    benchCustomerNo(n),
  ]);
  const lo = Number(r!.lo),
    hi = Number(r!.hi),
    cnt = Number(r!.cnt);
  if (cnt !== n) throw new Error(`expected ${n} benchmark customers, found ${cnt}`);
  if (hi - lo + 1 === n) {
    const [check] = await select<{ no: string }>(conn, 'SELECT customer_no no FROM customer WHERE id = ?', [lo + n - 1]);
    if (check?.no === benchCustomerNo(n)) return (i) => lo + i - 1;
  }
  const map = new Uint32Array(n + 1);
  const rows = await select<{ id: number; no: string }>(conn, "SELECT id, customer_no no FROM customer WHERE customer_no BETWEEN 'B0000001' AND ?", [benchCustomerNo(n)]);
  for (const row of rows) map[Number(row.no.slice(1))] = Number(row.id);
  return (i) => map[i]!;
}

async function doneChunks(conn: Connection, part: string): Promise<Set<number>> {
  return new Set((await select<{ chunk: number }>(conn, 'SELECT chunk FROM bench_segment_chunk WHERE part = ?', [part])).map((r) => Number(r.chunk)));
}

/** Runs `work(conn, chunk)` for every chunk not done yet, `parallel` at a time; each in a transaction with its progress row. */
async function runChunks(
  conns: Connection[],
  part: string,
  chunks: number,
  log: Log,
  work: (conn: Connection, chunk: number) => Promise<number>,
): Promise<{ rows: number; seconds: number; skipped: number }> {
  const done = await doneChunks(conns[0]!, part);
  const todo = Array.from({ length: chunks }, (_, k) => k).filter((k) => !done.has(k));
  const t0 = Date.now();
  let rows = 0,
    finished = 0;
  const worker = async (conn: Connection) => {
    for (let k = todo.shift(); k !== undefined; k = todo.shift()) {
      const c0 = Date.now();
      let n = 0;
      for (let attempt = 1; ; attempt++) {
        await conn.query('START TRANSACTION');
        try {
          n = await work(conn, k);
          await conn.query('INSERT INTO bench_segment_chunk (part, chunk, rows_loaded, seconds) VALUES (?, ?, ?, ?)', [part, k, n, (Date.now() - c0) / 1000]);
          await conn.query('COMMIT');
          break;
        } catch (err) {
          await conn.query('ROLLBACK');
          if ((err as { code?: string }).code !== 'ER_LOCK_DEADLOCK' || attempt >= 3) throw err;
          log(`  ${part}: chunk ${k + 1} deadlocked, retrying`);
        }
      }
      rows += n;
      finished++;
      const s = (Date.now() - t0) / 1000;
      log(
        `  ${part}: chunk ${k + 1}/${chunks} (${finished + done.size} of ${chunks} done), ${rows.toLocaleString('en')} rows in ${s.toFixed(0)} s, ${Math.round(rows / Math.max(s, 0.001)).toLocaleString('en')} rows/s`,
      );
    }
  };
  await Promise.all(conns.map(worker));
  return { rows, seconds: (Date.now() - t0) / 1000, skipped: done.size };
}

/**
 * A chunk cut off before its commit left nothing behind (one transaction), so
 * this only clears rows of the range written some other way. A plain read
 * first: a locking DELETE on a range would gap-lock against the other loader.
 */
async function clearStray(conn: Connection, table: string, key: string, lo: string, hi: string): Promise<void> {
  const found = await select(conn, `SELECT 1 FROM ${table} WHERE ${key} BETWEEN ? AND ? LIMIT 1`, [lo, hi]);
  if (found.length) await conn.query(`DELETE FROM ${table} WHERE ${key} BETWEEN ? AND ?`, [lo, hi]);
}

async function indexesOf(conn: Connection, table: string): Promise<Set<string>> {
  return new Set(
    (await select<{ name: string }>(conn, 'SELECT DISTINCT index_name name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?', [table])).map(
      (r) => r.name,
    ),
  );
}

/** Drops the given indexes (when present) before a big load. */
async function dropIndexes(conn: Connection, table: string, defs: ReadonlyArray<readonly [string, string]>, log: Log): Promise<void> {
  const present = await indexesOf(conn, table);
  const drop = defs.filter(([name]) => present.has(name));
  if (!drop.length) return;
  await conn.query(`ALTER TABLE ${table} ${drop.map(([name]) => `DROP INDEX ${name}`).join(', ')}`);
  log(`  ${table}: dropped ${drop.map(([n]) => n).join(', ')} for the load`);
}

/** Adds back whichever of the indexes is missing (also heals a table left by an interrupted load). */
async function restoreIndexes(conn: Connection, table: string, defs: ReadonlyArray<readonly [string, string]>, log: Log): Promise<number> {
  const present = await indexesOf(conn, table);
  const missing = defs.filter(([name]) => !present.has(name));
  if (!missing.length) return 0;
  const t0 = Date.now();
  await conn.query(`ALTER TABLE ${table} ${missing.map(([, def]) => `ADD ${def}`).join(', ')}`);
  const s = (Date.now() - t0) / 1000;
  log(`  ${table}: built ${missing.map(([n]) => n).join(', ')} in ${s.toFixed(1)} s`);
  return s;
}

// ---------------------------------------------------------------- tags

/**
 * Tags by SQL over id ranges, from a hash of the customer number (so the
 * shares are fixed), age and customer-since: salary ~35%, digital ~30%,
 * pension ~60% of those 60+, newcomer = customer for under 180 days, vip ~4%,
 * overseas ~3%.
 */
async function loadTags(conns: Connection[], id: (i: number) => number, n: number, anchor: number, log: Log) {
  const per = segmentBench.tagChunkCustomers;
  const chunks = Math.ceil(n / per);
  const h = (salt: string) => `CRC32(CONCAT('${salt}:', customer_no)) % 1000`;
  const expr = `CONCAT_WS(',',
    IF(${h('salary')} < 350, 'salary', NULL),
    IF(${h('vip')} < 40, 'vip', NULL),
    IF(birth_date <= DATE_SUB(?, INTERVAL 60 YEAR) AND ${h('pension')} < 600, 'pension', NULL),
    IF(created_at >= ?, 'newcomer', NULL),
    IF(${h('overseas')} < 30, 'overseas', NULL),
    IF(${h('digital')} < 300, 'digital', NULL))`;
  const today = new Date(anchor).toISOString().slice(0, 10);
  const r = await runChunks(conns, 'tags', chunks, log, async (conn, k) => {
    const from = k * per + 1,
      to = Math.min(n, (k + 1) * per);
    const [res] = await conn.query(`UPDATE customer SET tags = ${expr} WHERE id BETWEEN ? AND ?`, [today, new Date(anchor - 180 * DAY), id(from), id(to)]);
    return Number((res as { affectedRows?: number }).affectedRows ?? 0);
  });
  return { part: 'tags', rows: r.rows, seconds: r.seconds, note: r.skipped ? `${r.skipped}/${chunks} chunks already done` : undefined };
}

// ---------------------------------------------------------------- products

interface BenchProduct {
  productId: number;
  versionId: number;
  type: ProductType;
  code: string;
}

/** 8 benchmark products per type, each with one published version (kept apart from the demo catalogue by the BX- prefix). */
async function loadProducts(conn: Connection, anchor: number, log: Log): Promise<BenchProduct[]> {
  const staff = await select<{ id: number; role: string }>(conn, "SELECT id, role FROM staff WHERE role IN ('product','compliance') AND active = 1 ORDER BY id");
  const maker = staff.find((s) => s.role === 'product')?.id,
    checker = staff.find((s) => s.role === 'compliance')?.id;
  if (!maker || !checker) throw new Error('no product/compliance staff: run the demo seed first');
  const risk: Record<ProductType, (k: number) => number> = {
    DEPOSIT: () => 6,
    SAVINGS: () => 6,
    LOAN: () => 6,
    CARD: () => 6,
    INSURANCE: (k) => (k < 6 ? 5 : 4),
    FUND: (k) => 1 + (k % 5),
  };
  const category: Record<ProductType, string> = { DEPOSIT: '정기예금', SAVINGS: '적금', LOAN: '신용대출', FUND: '펀드', INSURANCE: '보험', CARD: '체크카드' };
  const rows = productTypes.flatMap((type) =>
    Array.from({ length: productsPerType }, (_, k) => [benchProductCode(type, k), `벤치 ${category[type]} ${k + 1}호`, type, category[type], risk[type](k), maker]),
  );
  const [ins] = await conn.query('INSERT IGNORE INTO product (code, name, type, category, risk_grade, created_by) VALUES ?', [rows]);
  const validFrom = new Date(anchor - 5 * 365 * DAY).toISOString().slice(0, 10);
  const at = new Date(anchor - 5 * 365 * DAY);
  const [insV] = await conn.query(
    `INSERT IGNORE INTO product_version (product_id, version_no, label, status, valid_from, author_id, last_edited_by, approved_by, approved_at, published_at)
     SELECT p.id, 1, CONCAT(p.name, ' v1'), 'PUBLISHED', ?, ?, ?, ?, ?, ? FROM product p
      WHERE p.code LIKE 'BX-%' AND NOT EXISTS (SELECT 1 FROM product_version v WHERE v.product_id = p.id)`,
    [validFrom, maker, maker, checker, at, at],
  );
  const made = Number((ins as { affectedRows?: number }).affectedRows ?? 0);
  if (made) log(`  products: ${made} benchmark products, ${Number((insV as { affectedRows?: number }).affectedRows ?? 0)} versions`);
  const list = await select<{ pid: number; vid: number; type: ProductType; code: string }>(
    conn,
    "SELECT p.id pid, v.id vid, p.type, p.code FROM product p JOIN product_version v ON v.product_id = p.id AND v.status = 'PUBLISHED' WHERE p.code LIKE 'BX-%' ORDER BY p.code",
  );
  if (list.length !== productTypes.length * productsPerType) throw new Error(`expected ${productTypes.length * productsPerType} benchmark products, found ${list.length}`);
  return list.map((p) => ({ productId: Number(p.pid), versionId: Number(p.vid), type: p.type, code: p.code }));
}

// ---------------------------------------------------------------- holdings

const holdingIndexes = [
  ['idx_holding_product', 'KEY idx_holding_product (product_id, opened_on)'],
  ['idx_holding_staff', 'KEY idx_holding_staff (sold_by_staff_id, opened_on)'],
  ['idx_holding_branch', 'KEY idx_holding_branch (branch_code, opened_on)'],
] as const;

const amountRange: Record<ProductType, [number, number]> = {
  DEPOSIT: [1_000_000, 100_000_000],
  SAVINGS: [100_000, 30_000_000],
  LOAN: [5_000_000, 300_000_000],
  FUND: [1_000_000, 50_000_000],
  INSURANCE: [300_000, 20_000_000],
  CARD: [1, 1],
};
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The TSV lines of benchmark customers from..to: 0-8 holdings each, ~18% closed (all of a withdrawn customer's). */
function* holdingLines(from: number, to: number, id: (i: number) => number, byType: Map<ProductType, BenchProduct[]>, anchor: number, bankers: (b: string) => readonly number[]) {
  let out = '';
  for (let i = from; i <= to; i++) {
    const c = benchCustomer(i, anchor, bankers);
    const count = weighted(holdingsPerCustomer, unit(i, S.count));
    const since = Math.max(c.created.getTime(), anchor - 8 * 365 * DAY);
    for (let k = 0; k < count; k++) {
      const j = i * 16 + k;
      const type = weighted(holdingTypeShare, unit(j, S.type));
      const list = byType.get(type)!;
      const p = list[Math.floor(unit(j, S.product) ** 2 * list.length)]!;
      const [lo, hi] = amountRange[type];
      const amount = type === 'CARD' ? 1 : Math.round((lo + unit(j, S.amount) ** 2 * (hi - lo)) / 10_000) * 10_000;
      const opened = since + Math.floor(unit(j, S.opened) * Math.max(1, (anchor - since) / DAY)) * DAY;
      const closedDays = c.status === 'WITHDRAWN' || unit(j, S.closed) < 0.18 ? Math.floor(30 + unit(j, S.closedAfter) * 700) : null;
      const closed = closedDays !== null ? Math.min(anchor - DAY, opened + closedDays * DAY) : null;
      const seller = unit(j, S.online) < 0.6 && c.bankerId ? String(c.bankerId) : '\\N';
      out += `BH${String(i).padStart(7, '0')}-${k}\t${id(i)}\t${p.productId}\t${p.versionId}\t${seller}\t${c.branch}\t${amount}\t${ymd(opened)}\t${closed !== null && closed > opened ? ymd(closed) : '\\N'}\n`;
    }
    if (out.length > 256_000) {
      yield Buffer.from(out);
      out = '';
    }
  }
  if (out) yield Buffer.from(out);
}

async function loadHoldings(conns: Connection[], id: (i: number) => number, n: number, products: BenchProduct[], anchor: number, log: Log) {
  const conn = conns[0]!;
  const per = segmentBench.holdingChunkCustomers;
  const chunks = Math.ceil(n / per);
  const done = (await doneChunks(conn, 'holdings')).size;
  const byType = new Map<ProductType, BenchProduct[]>(productTypes.map((t) => [t, products.filter((p) => p.type === t)]));
  const bankerRows = await select<{ id: number; branch_code: string | null }>(conn, "SELECT id, branch_code FROM staff WHERE role = 'banker' AND active = 1");
  const map = new Map<string, number[]>();
  for (const r of bankerRows) if (r.branch_code) map.set(r.branch_code, [...(map.get(r.branch_code) ?? []), Number(r.id)]);
  const bankers = (b: string) => map.get(b) ?? [];
  if (chunks - done > chunks / 4) await dropIndexes(conn, 'holding', holdingIndexes, log);
  const r = await runChunks(conns, 'holdings', chunks, log, async (c, k) => {
    const from = k * per + 1,
      to = Math.min(n, (k + 1) * per);
    await clearStray(c, 'holding', 'contract_no', `BH${String(from).padStart(7, '0')}-`, `BH${String(to).padStart(7, '0')}-9`);
    const [res] = await c.query({
      sql: `LOAD DATA LOCAL INFILE 'bench-holdings.tsv' INTO TABLE holding CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'
            (contract_no, customer_id, product_id, product_version_id, sold_by_staff_id, branch_code, amount, opened_on, closed_on)`,
      infileStreamFactory: () => Readable.from(holdingLines(from, to, id, byType, anchor, bankers)),
    });
    return Number((res as { affectedRows?: number }).affectedRows ?? 0);
  });
  const rebuild = await restoreIndexes(conn, 'holding', holdingIndexes, log);
  if (r.rows) await conn.query('ANALYZE TABLE holding, product, product_version');
  return {
    part: 'holdings',
    rows: r.rows,
    seconds: r.seconds + rebuild,
    note: r.skipped ? `${r.skipped}/${chunks} chunks already done` : rebuild ? `incl. ${rebuild.toFixed(0)} s index rebuild` : undefined,
  };
}

// ---------------------------------------------------------------- events

const eventIndexes = [
  ['idx_behaviour_customer_time', 'KEY idx_behaviour_customer_time (customer_id, occurred_at)'],
  ['idx_behaviour_customer_type', 'KEY idx_behaviour_customer_type (customer_id, type, occurred_at)'],
] as const;

/**
 * Customer of event e, in three activity tiers: 1% very active customers make
 * 25% of the events (~250 a year each), 19% active ones 45% (~24 a year) and
 * the quiet 80% the remaining 30% (~4 a year); uniform within a tier, and
 * scattered over customer numbers by a bijection mod N (7919 is prime,
 * coprime with 10^k). (A pure power law gave one customer 3% of all events:
 * a bot, not a bank customer.)
 */
export function eventCustomer(e: number, n: number): number {
  const t = unit(e, S.evTier),
    u = unit(e, S.evCustomer);
  const [lo, hi] = t < 0.25 ? [0, 0.01] : t < 0.7 ? [0.01, 0.2] : [0.2, 1];
  const x = Math.min(n - 1, Math.floor(n * (lo + u * (hi - lo))));
  return ((x * 7919 + 12_345) % n) + 1;
}

const channels = ['mobile-app', 'mobile-app', 'mobile-app', 'internet-banking', 'mobile-web', 'branch'] as const;

function eventProperties(e: number, type: string): string {
  const channel = channels[Math.floor(unit(e, S.evChannel) * channels.length)]!;
  switch (type) {
    case 'transfer.completed':
    case 'card.payment':
      return `{"channel":"${channel}","amount":${Math.round((unit(e, S.evAmount) ** 3 * 5_000_000) / 100) * 100 + 1000}}`;
    case 'product.view':
    case 'loan.inquiry':
    case 'deposit.matured': {
      const t = productTypes[Math.floor(unit(e, S.evProduct) * 6)]!;
      return `{"channel":"${channel}","productCode":"${benchProductCode(t, Math.floor(unit(e, S.evProductNo) * productsPerType))}"}`;
    }
    case 'counsel.visit':
      return '{"channel":"branch"}';
    default:
      return `{"channel":"${channel}"}`;
  }
}

/** "YYYY-MM-DD HH:MM:SS.mmm" in UTC, as the app's connections (timezone Z) store DATETIME(3). */
const sqlTime = (t: number) => new Date(t).toISOString().slice(0, 23).replace('T', ' ');

function* eventLines(from: number, to: number, total: number, id: (i: number) => number, n: number, anchor: number) {
  const start = anchor - segmentBench.eventDays * DAY;
  const step = (segmentBench.eventDays * DAY) / total;
  let out = '';
  for (let e = from; e < to; e++) {
    const i = eventCustomer(e, n);
    const type = weighted(benchEventTypes, unit(e, S.evType));
    const at = Math.floor(start + (e + unit(e, S.evTime)) * step);
    const received = at + Math.floor(unit(e, S.evLag) * 3000);
    out += `bench-evt-${String(e).padStart(9, '0')}\t${id(i)}\t${benchCustomerNo(i)}\t${type}\t${sqlTime(at)}\t${eventProperties(e, type)}\t${sqlTime(received)}\tbench\n`;
    if (out.length > 256_000) {
      yield Buffer.from(out);
      out = '';
    }
  }
  if (out) yield Buffer.from(out);
}

async function loadEvents(conns: Connection[], id: (i: number) => number, n: number, anchor: number, log: Log) {
  const conn = conns[0]!;
  const total = segmentBench.events;
  const per = segmentBench.eventChunk;
  const chunks = Math.ceil(total / per);
  const done = (await doneChunks(conn, 'events')).size;
  if (chunks - done > chunks / 4) await dropIndexes(conn, 'behaviour_event', eventIndexes, log);
  const r = await runChunks(conns, 'events', chunks, log, async (c, k) => {
    const from = k * per,
      to = Math.min(total, (k + 1) * per);
    await clearStray(c, 'behaviour_event', 'event_id', `bench-evt-${String(from).padStart(9, '0')}`, `bench-evt-${String(to - 1).padStart(9, '0')}`);
    const [res] = await c.query({
      sql: `LOAD DATA LOCAL INFILE 'bench-events.tsv' INTO TABLE behaviour_event CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'
            (event_id, customer_id, customer_no, type, occurred_at, properties, received_at, source)`,
      infileStreamFactory: () => Readable.from(eventLines(from, to, total, id, n, anchor)),
    });
    return Number((res as { affectedRows?: number }).affectedRows ?? 0);
  });
  const rebuild = await restoreIndexes(conn, 'behaviour_event', eventIndexes, log);
  if (r.rows) await conn.query('ANALYZE TABLE behaviour_event, customer');
  return {
    part: 'events',
    rows: r.rows,
    seconds: r.seconds + rebuild,
    note: r.skipped ? `${r.skipped}/${chunks} chunks already done` : rebuild ? `incl. ${rebuild.toFixed(0)} s index rebuild` : undefined,
  };
}

// ---------------------------------------------------------------- the whole database

export const benchDb = {
  name: process.env.BENCH_DB_NAME ?? 'bank_crm_bench',
  customers: Number(process.env.BENCH_CUSTOMERS ?? 1_000_000),
  /** Key of the throwaway bench database only, the same as customer-list.bench.ts. */
  piiKey: process.env.BENCH_PII_KEY ?? 'YmVuY2gtb25seS1waWkta2V5LW5vdC1hLXNlY3JldC0zMmI=',
  demoPassword: 'Bench-pass-2026',
  demoCustomers: 1000,
};

/**
 * The bench database as customer-list.bench.ts prepares it (migrations, demo
 * seed, 1M customers), plus this file's segment data. Each step is skipped or
 * resumed when already (partly) done, so a second run starts in seconds.
 */
export async function prepareSegmentDatabase(log: Log) {
  const config = loadConfig({ ...process.env, DB_NAME: benchDb.name, PII_KEY: benchDb.piiKey });
  log(`database ${config.db.database} on ${config.db.host}:${config.db.port}`);
  const ds = await connectDatabase(config.db);
  const t0 = Date.now();
  const applied = await runMigrations(ds);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  const cipher = new PiiCipher(resolvePiiKey(config));
  await seedDemo(createDomainServices(ds, cipher), { demoPassword: benchDb.demoPassword, customers: benchDb.demoCustomers });
  const customers = await topUpCustomers(config.db, cipher, benchDb.customers, log);
  log(customers.loaded ? `loaded ${customers.loaded.toLocaleString('en')} customers in ${customers.seconds.toFixed(1)} s` : 'customer table already at target: no load');
  if (customers.benchCustomers === 0) throw new Error('no benchmark customers in the table (BENCH_CUSTOMERS too small?)');
  const data = await loadSegmentData(config.db, customers.benchCustomers, log);
  return { ds, config, customers, data, seconds: (Date.now() - t0) / 1000 };
}
