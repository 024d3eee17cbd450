/**
 * `npm run bench:pages`: each main page of the console, loaded to network
 * idle in headless Chromium, with 1,000,000 customers in the database.
 *
 * 1. Bench database `bench_pages` (pages-data.ts): migrations, demo seed,
 *    1M customers, tags, ~2.9 M holdings, 10 M behaviour events — the other
 *    benchmarks' loaders; skipped when already there, resumed when cut off.
 * 2. The console only (`COMPONENTS=admin`, through scripts/start.ts as the
 *    other benchmarks start it) on its own port, broker port and queue prefix.
 * 3. Debian's Chromium; each role logs in through the login page in its own
 *    context: banker (customers, 360, holdings), product manager (catalogue),
 *    marketer (events, segments, messages, templates), compliance
 *    (dashboard, audit log), admin (staff).
 * 4. Per page one warm-up load, then BENCH_PAGE_LOADS (20) loads; a load is a
 *    full navigation (page.goto) timed from its start to the end of its last
 *    request (network idle, without Playwright's 500 ms confirming quiet),
 *    checked: HTTP 200, no failed request, the page's content rendered.
 * 5. A table of p50/p95/max per page against p95 < 1000 ms, and for each page
 *    over it the slowest requests of its slowest load.
 *
 * Exit code 0 when every page's p95 is under 1 s, 1 otherwise (figures are
 * printed either way) or when a load failed.
 *
 * Environment: BENCH_DB_NAME (bench_pages), BENCH_PAGES_PORT (3351),
 * BENCH_KAFKA_PORT (19351), BENCH_QUEUE_PREFIX (qbp), BENCH_PAGE_LOADS (20),
 * BENCH_PAGES (comma-separated page names to run only those), CHROMIUM_PATH.
 */
import type { DataSource } from 'typeorm';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, startApp, type RunningApp } from './bench-platform.js';
import { benchCustomerNo, benchName, benchRegions, propensities, unit } from './bench-customers.js';
import { describePagesDatabase, pagesDb, preparePagesDatabase } from './pages-data.js';
import { launchBenchChromium, loginAs, timedLoad, type PageLoad } from './pages-browser.js';

const env = process.env;
const bench = {
  port: Number(env.BENCH_PAGES_PORT ?? 3351),
  kafkaPort: Number(env.BENCH_KAFKA_PORT ?? 19351),
  queuePrefix: env.BENCH_QUEUE_PREFIX ?? 'qbp',
  loads: Number(env.BENCH_PAGE_LOADS ?? 20),
  only: env.BENCH_PAGES ? env.BENCH_PAGES.split(',').map((s) => s.trim()) : null,
  targetP95Ms: 1000,
  logFile: `${repoRoot}test-results/bench-pages-app.log`,
};

const say = (line: string) => process.stdout.write(`[bench:pages] ${line}\n`);
let interrupted = false;

type Role = 'banker' | 'product' | 'marketer' | 'compliance' | 'admin';

interface PageCase {
  name: string;
  role: Role;
  /** Console path of load k (k < 0: the warm-up); pages with a record vary it so one warm row does not flatter the figures. */
  path(k: number): string;
  /** The page's content: this selector on the page, with no AdminJS loader inside it. */
  ready: string;
}

/** Ids the pages open, read from the bench database. */
interface Ids {
  customers: number[];
  products: number[];
  productVersions: number[];
  publishedSegments: number[];
  benchCustomers: number;
}

const pick = <T>(values: readonly T[], k: number, salt: number): T => values[Math.floor(unit(k + 10, 3000 + salt) * values.length)]!;
const rowsOf = 'tr[data-id]';

function pageCases(ids: Ids): PageCase[] {
  const realPropensities = propensities.flatMap(([p]) => (p ? [p] : []));
  const benchRow = (k: number) => 1 + Math.floor(unit(k + 10, 3100) * ids.benchCustomers);
  return [
    { name: 'dashboard', role: 'compliance', path: () => '/admin', ready: '[data-testid^="stat-"]' },
    { name: 'customer list', role: 'banker', path: () => '/admin/resources/Customer', ready: rowsOf },
    {
      name: 'customer list, filter',
      role: 'banker',
      path: (k) => `/admin/resources/Customer?filters.region=${pick(benchRegions.slice(0, 8), k, 1)}&filters.propensity=${pick(realPropensities, k, 2)}`,
      ready: rowsOf,
    },
    {
      name: 'customer list, name search',
      role: 'banker',
      path: (k) => `/admin/resources/Customer?filters.name=${encodeURIComponent(benchName(benchRow(k)))}`,
      ready: rowsOf,
    },
    { name: 'customer 360', role: 'banker', path: (k) => `/admin/resources/Customer/records/${pick(ids.customers, k, 3)}/show`, ready: '[data-testid="customer-360"]' },
    { name: 'product list', role: 'product', path: () => '/admin/resources/Product', ready: rowsOf },
    { name: 'product page', role: 'product', path: (k) => `/admin/resources/Product/records/${pick(ids.products, k, 4)}/show`, ready: '[data-testid="version-1"]' },
    { name: 'product version list', role: 'product', path: () => '/admin/resources/ProductVersion', ready: rowsOf },
    {
      name: 'product version page',
      role: 'product',
      path: (k) => `/admin/resources/ProductVersion/records/${pick(ids.productVersions, k, 5)}/show`,
      ready: '[data-testid="version-overview"]',
    },
    { name: 'holding list', role: 'banker', path: () => '/admin/resources/Holding', ready: rowsOf },
    { name: 'behaviour event list', role: 'marketer', path: () => '/admin/resources/BehaviourEvent', ready: rowsOf },
    { name: 'segment list', role: 'marketer', path: () => '/admin/resources/Segment', ready: rowsOf },
    {
      name: 'segment canvas (published)',
      role: 'marketer',
      path: (k) => `/admin/resources/Segment/records/${pick(ids.publishedSegments, k, 6)}/design`,
      // The canvas counts the audience 600 ms after it renders: the page is there when the count is.
      ready: '[data-testid="live-audience"][data-state="done"]',
    },
    { name: 'messages', role: 'marketer', path: () => '/admin/pages/messages', ready: '[data-testid="message-list"]' },
    { name: 'templates', role: 'marketer', path: () => '/admin/pages/templates', ready: '[data-testid^="template-row-"]' },
    { name: 'audit log list', role: 'compliance', path: () => '/admin/resources/AuditLog', ready: rowsOf },
    { name: 'staff list', role: 'admin', path: () => '/admin/resources/Staff', ready: rowsOf },
  ];
}

/** 200 benchmark customers spread over the table (their 360 pages), and every product, version and published segment. */
async function readIds(ds: DataSource, benchCustomers: number): Promise<Ids> {
  const nos = Array.from({ length: 200 }, (_, k) => benchCustomerNo(1 + Math.floor(unit(k, 3200) * benchCustomers)));
  const ids = (rows: Array<{ id: number | string }>) => rows.map((r) => Number(r.id));
  const result: Ids = {
    customers: ids(await ds.query('SELECT id FROM customer WHERE customer_no IN (?)', [nos])),
    products: ids(await ds.query('SELECT id FROM product ORDER BY id')),
    productVersions: ids(await ds.query('SELECT id FROM product_version ORDER BY id')),
    publishedSegments: ids(await ds.query("SELECT id FROM segment WHERE status = 'PUBLISHED' ORDER BY id")),
    benchCustomers,
  };
  for (const [what, list] of Object.entries(result)) if (Array.isArray(list) && list.length === 0) throw new Error(`no ${what} in the bench database`);
  return result;
}

/** The console alone, as the other benchmarks start the platform, on this benchmark's database, ports and queue prefix. */
function appEnv(): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _unset, ...inherited } = env;
  return {
    ...inherited,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(bench.port),
    COMPONENTS: 'admin',
    KAFKA_LOCAL_PORT: String(bench.kafkaPort),
    KAFKA_GROUP_ID: 'bank-crm-bench-pages',
    DB_NAME: pagesDb.name,
    QUEUE_PREFIX: bench.queuePrefix,
    SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
    // The database is seeded by pages-data.ts before the start.
    SEED_DEMO: 'false',
    DEMO_PASSWORD: pagesDb.demoPassword,
    PII_KEY: pagesDb.piiKey,
  };
}

interface Result {
  page: PageCase;
  loads: PageLoad[];
  error?: string;
}

async function runPage(tab: Page, baseUrl: string, page: PageCase): Promise<Result> {
  const result: Result = { page, loads: [] };
  try {
    await timedLoad(tab, baseUrl + page.path(-1), page.ready);
    for (let k = 0; k < bench.loads && !interrupted; k++) result.loads.push(await timedLoad(tab, baseUrl + page.path(k), page.ready));
  } catch (err) {
    result.error = (err as Error).message.split('\n')[0];
  }
  return result;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

function stats(r: Result) {
  const sorted = r.loads.map((l) => l.idleMs).sort((a, b) => a - b);
  const ready = r.loads.map((l) => l.readyMs).sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]!, readyP95: percentile(ready, 95) };
}

const passes = (r: Result) => !r.error && r.loads.length > 0 && stats(r).p95 < bench.targetP95Ms;

function printTable(results: Result[]): void {
  const header = ['page', 'role', 'loads', 'p50 ms', 'p95 ms', 'max ms', 'content p95', 'requests', `p95 < ${bench.targetP95Ms} ms`];
  const lines = results.map((r) => {
    if (r.error || !r.loads.length) return [r.page.name, r.page.role, String(r.loads.length), '-', '-', '-', '-', '-', `ERROR: ${r.error ?? 'no loads'}`];
    const s = stats(r);
    const requests = Math.max(...r.loads.map((l) => l.requests.length));
    return [r.page.name, r.page.role, String(s.n), s.p50.toFixed(0), s.p95.toFixed(0), s.max.toFixed(0), s.readyP95.toFixed(0), String(requests), passes(r) ? 'PASS' : 'FAIL'];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (c === 8 ? 0 : l[c]!.length))));
  const row = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 || c === 8 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  say(row(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) say(row(l));
}

/** The waterfall of a page's slowest load: requests over 100 ms (or the 5 slowest), with their start and end. */
function printWaterfall(r: Result): void {
  const slowest = [...r.loads].sort((a, b) => b.idleMs - a.idleMs)[0];
  if (!slowest) return;
  const dur = (q: PageLoad['requests'][number]) => (q.end ?? slowest.idleMs) - q.start;
  const shown = [...slowest.requests].sort((a, b) => dur(b) - dur(a)).filter((q, i) => i < 5 || dur(q) > 100);
  say(
    `  ${r.page.name} — slowest load ${slowest.idleMs.toFixed(0)} ms (content at ${slowest.readyMs.toFixed(0)} ms, last request ended at ${slowest.lastRequestMs.toFixed(0)} ms), ${slowest.requests.length} requests; longest:`,
  );
  for (const q of shown.sort((a, b) => a.start - b.start)) {
    const path = q.url.replace(/^https?:\/\/[^/]+/, '');
    say(`    ${q.start.toFixed(0).padStart(5)} → ${(q.end ?? slowest.idleMs).toFixed(0).padStart(5)} ms  ${dur(q).toFixed(0).padStart(5)} ms  ${q.method} ${path.slice(0, 140)}`);
  }
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const { ds, config, customers, data, seconds } = await preparePagesDatabase(say);
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const onSignal = () => {
    interrupted = true;
    say('interrupted: stopping...');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const loadNote = [
      customers.loaded ? `customers ${customers.loaded.toLocaleString('en')} rows in ${customers.seconds.toFixed(0)} s` : 'customers already loaded',
      ...data.parts.map((p) => `${p.part} ${p.rows ? `${p.rows.toLocaleString('en')} rows in ${p.seconds.toFixed(0)} s` : 'already loaded'}`),
    ].join('; ');
    say(`data: ${loadNote}; preparation ${seconds.toFixed(0)} s`);
    for (const line of await describePagesDatabase(ds, config.db.database)) say(line);
    const ids = await readIds(ds, customers.benchCustomers);
    const cases = pageCases(ids).filter((p) => !bench.only || bench.only.includes(p.name));

    say(`starting the console on port ${bench.port} (broker ${bench.kafkaPort}, queue prefix ${bench.queuePrefix}; log ${bench.logFile})...`);
    const s0 = Date.now();
    app = await startApp(appEnv(), bench.logFile);
    say(`console ready in ${((Date.now() - s0) / 1000).toFixed(1)} s`);
    const baseUrl = `http://127.0.0.1:${bench.port}`;

    browser = await launchBenchChromium();
    say(`Chromium ${browser.version()}; ${bench.loads} loads per page after one warm-up load`);
    const tabs = new Map<Role, Page>();
    const results: Result[] = [];
    for (const page of cases) {
      if (interrupted) return 130;
      let tab = tabs.get(page.role);
      if (!tab) {
        tab = (await loginAs(browser, baseUrl, `${page.role}@demo.bank`, pagesDb.demoPassword)).page;
        tabs.set(page.role, tab);
      }
      const r = await runPage(tab, baseUrl, page);
      results.push(r);
      say(`  ${page.name}: ${r.error ? `failed: ${r.error}` : `p95 ${stats(r).p95.toFixed(0)} ms`}`);
    }

    say('');
    say(
      `${pagesDb.customers.toLocaleString('en')} customers; ms from navigation start until the content is rendered and the network idle (p50/p95/max), and until the content alone (content p95)`,
    );
    printTable(results);
    const slow = results.filter((r) => !r.error && r.loads.length && !passes(r));
    if (slow.length) {
      say('');
      say('pages over the target, slowest load:');
      for (const r of slow) printWaterfall(r);
    }
    say('');
    say(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return results.every(passes) ? 0 : 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await app?.stop();
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[bench:pages] failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
