/**
 * `npm run bench:customers`: response times of the customer list API with a
 * million customers, measured over HTTP against the real platform (AdminJS
 * router, session, CASL check, list/search handlers, MariaDB).
 *
 * 1. Bench database: migrations, the demo seed (staff, branches, catalogue,
 *    1,000 demo customers), then a fast bulk top-up to BENCH_CUSTOMERS rows
 *    (skipped when already there, so a second run starts in seconds).
 * 2. The platform via `scripts/start.ts`, with its own Kafka broker and port.
 * 3. Sequential timed GETs per scenario as banker@demo.bank; each answer is
 *    checked (HTTP 200, records, the filter held, the look-up found its customer).
 * 4. A table of p50/p95/p99/max against the 300 ms p95 target, and the plan
 *    of each scenario's queries.
 *
 * Exit code: 0 when every request succeeded (even if a target is missed, which
 * the table reports), 1 when a request failed or an answer was wrong.
 */
import { loadConfig, type AppConfig } from '../../engine/config/load-config.js';
import { connectDatabase, runMigrations } from '../../engine/db/data-source.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { resolvePiiKey } from '../../engine/crypto/pii-key.js';
import { createDomainServices } from '../../resources/domain-services.js';
import { seedDemo } from '../../seeds/run-seed.js';
import { countCap } from '../../resources/customer/customer-list.query.js';
import { topUpCustomers, type LoadReport } from './bench-loader.js';
import { repoRoot, startApp, type RunningApp } from './bench-platform.js';
import { BenchClient } from './bench-http.js';
import { customerScenarios, samplePath, type Params, type Sample, type Scenario } from './customer-scenarios.js';
import { explainSample } from './bench-explain.js';
import type { DataSource } from 'typeorm';

const env = process.env;
const bench = {
  dbName: env.BENCH_DB_NAME ?? 'bank_crm_bench',
  customers: Number(env.BENCH_CUSTOMERS ?? 1_000_000),
  port: Number(env.BENCH_PORT ?? 3400),
  kafkaPort: Number(env.BENCH_KAFKA_PORT ?? 39092),
  samples: Number(env.BENCH_SAMPLES ?? 200),
  /** A scenario far over target stops after this long (with at least minSamples), so one slow query does not take an hour. */
  scenarioSeconds: Number(env.BENCH_SCENARIO_SECONDS ?? 60),
  minSamples: 20,
  warmup: 5,
  /** Key of the throwaway bench database only ("bench-only-pii-key-not-a-secret-32b"), never a real key. */
  piiKey: env.BENCH_PII_KEY ?? 'YmVuY2gtb25seS1waWkta2V5LW5vdC1hLXNlY3JldC0zMmI=',
  demoPassword: 'Bench-pass-2026',
  demoCustomers: 1000,
  targetP95Ms: 300,
};

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
/** Set by Ctrl-C: the scenarios stop, the platform is stopped, nothing is reported. */
let interrupted = false;

interface Result {
  scenario: Scenario;
  times: number[];
  /** Matches reported per sample: meta.total for the list (10,001 means "over the 10,000 cap"), records for the search. */
  matched: number[];
  error?: string;
}

async function main(): Promise<number> {
  const config = loadConfig({ ...env, DB_NAME: bench.dbName, PII_KEY: bench.piiKey });
  const { ds, cipher, load } = await prepareDatabase(config);
  let app: RunningApp | undefined;
  const onSignal = () => {
    interrupted = true;
    say('interrupted: stopping the platform...');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    say(`starting the platform on port ${bench.port} (broker on ${bench.kafkaPort}; log in test-results/bench-app.log)...`);
    const t0 = Date.now();
    app = await startApp(appEnv(), `${repoRoot}test-results/bench-app.log`);
    say(`platform ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const client = new BenchClient(`http://127.0.0.1:${bench.port}`);
    await client.login('banker@demo.bank', bench.demoPassword);
    const results: Result[] = [];
    for (const scenario of customerScenarios(load.benchCustomers, bench.demoCustomers)) {
      if (interrupted) return 130;
      const result = await runScenario(client, scenario);
      results.push(result);
      say(`  ${scenario.name}: ${result.times.length} samples${result.error ? `, failed: ${result.error}` : ''}`);
    }
    await printReport(ds, cipher, config, load, results);
    return results.some((r) => r.error) ? 1 : 0;
  } finally {
    await app?.stop();
    await ds.destroy();
  }
}

/** Migrations, demo seed (for staff to log in and to assign customers to), then the bulk top-up. */
async function prepareDatabase(config: AppConfig) {
  say(`database ${config.db.database} on ${config.db.host}:${config.db.port}`);
  const ds = await connectDatabase(config.db);
  await runMigrations(ds);
  const cipher = new PiiCipher(resolvePiiKey(config));
  await seedDemo(createDomainServices(ds, cipher), { demoPassword: bench.demoPassword, customers: bench.demoCustomers });
  const load = await topUpCustomers(config.db, cipher, bench.customers, (l) => say(l));
  say(load.loaded ? `loaded ${load.loaded.toLocaleString('en')} customers in ${load.seconds.toFixed(1)} s` : 'customer table already at target: no load');
  if (load.benchCustomers === 0) throw new Error('no benchmark customers in the table (BENCH_CUSTOMERS too small?)');
  return { ds, cipher, load };
}

/** The platform as the test suite starts it, on the bench's own database, port, broker and queue prefix. */
function appEnv(): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _unset, ...inherited } = env;
  return {
    ...inherited,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(bench.port),
    KAFKA_LOCAL_PORT: String(bench.kafkaPort),
    KAFKA_GROUP_ID: 'bank-crm-bench-ingestion',
    DB_NAME: bench.dbName,
    QUEUE_PREFIX: 'bankcrm-bench',
    SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
    SEED_DEMO: 'true',
    SEED_CUSTOMERS: String(bench.demoCustomers),
    DEMO_PASSWORD: bench.demoPassword,
    PII_KEY: bench.piiKey,
  };
}

/** Warm-up samples use other terms than the measured ones, so they warm the code paths, not the measured rows. */
async function runScenario(client: BenchClient, scenario: Scenario): Promise<Result> {
  const result: Result = { scenario, times: [], matched: [] };
  try {
    for (let w = 0; w < bench.warmup; w++) await timedSample(client, scenario.sample(1_000_000 + w));
    const deadline = Date.now() + bench.scenarioSeconds * 1000;
    for (let k = 0; k < bench.samples && !interrupted; k++) {
      if (k >= bench.minSamples && Date.now() > deadline) break;
      const { ms, matched } = await timedSample(client, scenario.sample(k));
      result.times.push(ms);
      result.matched.push(matched);
    }
  } catch (err) {
    result.error = (err as Error).message;
  }
  return result;
}

/** One request; throws when the answer is not a correct, non-empty result. */
async function timedSample(client: BenchClient, sample: Sample): Promise<{ ms: number; matched: number }> {
  const path = samplePath(sample);
  const reply = await client.get(path);
  if (reply.status !== 200) throw new Error(`HTTP ${reply.status} for ${path}: ${reply.body.slice(0, 200)}`);
  const body = JSON.parse(reply.body) as { records?: Array<{ params: Params }>; meta?: { total: number }; view?: { profile?: Params; holdings?: unknown[] } };
  if (sample.view360 !== undefined) {
    // A demo customer's page: the profile is theirs and their holdings are there.
    if (!String(body.view?.profile?.customerNo ?? '').startsWith('C')) throw new Error(`no demo customer profile from ${path}: ${reply.body.slice(0, 200)}`);
    return { ms: reply.ms, matched: body.view?.holdings?.length ?? 0 };
  }
  const records = body.records ?? [];
  if (records.length === 0) throw new Error(`no records for ${path}: ${reply.body.slice(0, 200)}`);
  const wrong = sample.each ? records.find((r) => !sample.each!(r.params)) : undefined;
  if (wrong) throw new Error(`record ${String(wrong.params.customerNo)} does not match the filter of ${path}`);
  if (sample.find && !records.some((r) => r.params.customerNo === sample.find)) throw new Error(`${sample.find} not found by ${path}`);
  return { ms: reply.ms, matched: body.meta ? Number(body.meta.total) : records.length };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function printReport(ds: DataSource, cipher: PiiCipher, config: AppConfig, load: LoadReport, results: Result[]): Promise<void> {
  const [server] = await ds.query(
    `SELECT VERSION() version, @@innodb_buffer_pool_size pool,
            (SELECT COUNT(*) FROM customer) customers,
            (SELECT data_length + index_length FROM information_schema.tables WHERE table_schema = ? AND table_name = 'customer') size`,
    [config.db.database],
  );
  const mb = (bytes: unknown) => `${Math.round(Number(bytes) / 2 ** 20)} MB`;
  say('');
  say(`${Number(server.customers).toLocaleString('en')} customers (table + indexes ${mb(server.size)}), MariaDB ${server.version}, buffer pool ${mb(server.pool)}`);
  say(`load: ${load.loaded ? `${load.loaded.toLocaleString('en')} rows in ${load.seconds.toFixed(1)} s` : 'skipped (already loaded)'}`);
  say(`${bench.samples} samples per scenario (fewer if over ${bench.scenarioSeconds} s) after ${bench.warmup} warm-up requests; sequential, one session (banker@demo.bank)`);
  say('');
  printTable(results);
  say('');
  say("query plans (EXPLAIN of the handler's queries for the first sample):");
  for (const r of results) say(`  ${r.scenario.name.padEnd(28)} ${await explainSample(ds, cipher, r.scenario.sample(0))}`);
}

function printTable(results: Result[]): void {
  const header = ['scenario', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'rows matched', `p95 < ${bench.targetP95Ms} ms`];
  const lines = results.map((r) => {
    if (r.error) return [r.scenario.name, String(r.times.length), '-', '-', '-', '-', '-', `ERROR: ${r.error}`];
    const sorted = [...r.times].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    return [r.scenario.name, String(sorted.length), ...[50, 95, 99, 100].map((p) => percentile(sorted, p).toFixed(1)), matchedRange(r), p95 < bench.targetP95Ms ? 'PASS' : 'FAIL'];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (c === 7 ? 0 : l[c]!.length))));
  const row = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 || c >= 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  say(row(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) say(row(l));
}

/** Range over the samples (terms vary); "10,000+" where the list's count cap was hit. */
function matchedRange(r: Result): string {
  const shown = (n: number) => (n > countCap ? `${countCap.toLocaleString('en')}+` : n.toLocaleString('en'));
  const lo = Math.min(...r.matched),
    hi = Math.max(...r.matched);
  return lo === hi ? shown(lo) : `${shown(lo)}-${shown(hi)}`;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[bench] failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
