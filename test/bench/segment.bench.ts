/**
 * `npm run bench:segments`: segment evaluation at bank scale.
 *
 * 1. Bench database (bank_crm_bench): migrations, demo seed, 1M customers
 *    (bench-loader.ts), then tags, 48 products, ~2.9M holdings and 10M
 *    behaviour events (bench-segment-data.ts). Every step resumes where it
 *    stopped; a loaded database starts in seconds.
 * 2. Live count: the console's liveCount (COUNT(*) + sample over planToQuery) for
 *    4-condition segments (2 attributes, 1 holding, 1 event count in the
 *    last 30 days) and a heavier variant, each run several times; EXPLAIN of
 *    the main one. Target: under 1 s.
 * 3. Real-time: 100 generated published segments planned once; for 2,000
 *    customers, loadCustomerFacts for that one customer + planMatches against
 *    all 100 plans, as membership-realtime.ts does per event. Target: p99
 *    under 5 ms.
 *
 * Plans are made at the data's anchor instant (when the events were
 * generated), so the counts do not drift as the loaded data ages.
 * Exit code 0 when everything ran (targets missed or not: the table says), 1 on an error.
 */
import type { DataSource } from 'typeorm';
import { planSegment, planNeeds, mergeNeeds, type SegmentPlan } from '../../engine/segments/segment-plan.js';
import { planToQuery } from '../../engine/segments/plan-to-sql.js';
import { liveCount } from '../../engine/segments/live-count.js';
import { planMatches } from '../../engine/segments/plan-matches.js';
import { loadCustomerFacts } from '../../engine/segments/customer-facts.js';
import { audienceScopeSql, inAudienceScope } from '../../engine/segments/audience-scope.js';
import { parseSegmentDefinition, type SegmentDefinition } from '../../engine/definitions/segment/segment-definition.schema.js';
import { unit } from './bench-customers.js';
import { eventCustomer, prepareSegmentDatabase, segmentBench } from './bench-segment-data.js';
import { liveCountCases, publishedDefinitions } from './bench-segment-definitions.js';

const env = process.env;
const bench = {
  countRuns: Number(env.BENCH_COUNT_RUNS ?? 10),
  /** A count far over target stops after this long (with at least 3 runs). */
  countSeconds: Number(env.BENCH_COUNT_SECONDS ?? 45),
  realtimeCustomers: Number(env.BENCH_REALTIME_CUSTOMERS ?? 2000),
  warmup: 100,
  targetCountMs: 1000,
  targetRealtimeP99Ms: 5,
};

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1]! };
};
const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function plan(definition: SegmentDefinition, now: Date, resolve: (id: number) => SegmentDefinition | undefined = () => undefined): SegmentPlan {
  const parsed = parseSegmentDefinition(definition);
  if (!parsed.ok) throw new Error(`invalid benchmark definition: ${JSON.stringify(parsed.errors)}`);
  const r = planSegment(parsed.definition, { now, resolveSegment: resolve });
  if (!r.ok) throw new Error(`cannot plan: ${JSON.stringify(r.errors)}`);
  return r.plan;
}

interface SummaryRow {
  what: string;
  figure: string;
  target: string;
  pass: boolean;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const { ds, customers, data, config } = await prepareSegmentDatabase(say);
  try {
    const now = data.anchor;
    await printDatabase(
      ds,
      config.db.database,
      customers.loaded ? `${customers.loaded.toLocaleString('en')} rows in ${customers.seconds.toFixed(0)} s` : 'already loaded',
      data,
      (Date.now() - t0) / 1000,
    );
    say(`plans are made at the data's anchor: ${now.toISOString()}`);
    const summary: SummaryRow[] = [];
    if (env.BENCH_SKIP_LIVE !== '1') {
      await liveCounts(ds, now, summary, config.segments.countTimeoutMs);
    }
    if (env.BENCH_SKIP_REALTIME !== '1') await realtime(ds, now, customers.benchCustomers, summary);
    say('');
    say('summary');
    const w = Math.max(...summary.map((r) => r.what.length));
    for (const r of summary) say(`  ${r.what.padEnd(w)}  ${r.figure.padStart(10)}  target ${r.target.padEnd(9)}  ${r.pass ? 'PASS' : 'FAIL'}`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

async function printDatabase(ds: DataSource, db: string, customerLoad: string, data: Awaited<ReturnType<typeof prepareSegmentDatabase>>['data'], prepSeconds: number) {
  const [server] = await ds.query('SELECT VERSION() version, @@innodb_buffer_pool_size pool');
  const sizes: Array<{ t: string; n: string; mb: string }> = await ds.query(
    `SELECT table_name t, table_rows n, ROUND((data_length + index_length) / 1048576) mb FROM information_schema.tables
      WHERE table_schema = ? AND table_name IN ('customer', 'holding', 'behaviour_event') ORDER BY table_name`,
    [db],
  );
  const [counts] = await ds.query(`SELECT (SELECT COUNT(*) FROM customer) customers, (SELECT COUNT(*) FROM holding) holdings,
    (SELECT COUNT(*) FROM behaviour_event) events, (SELECT COUNT(*) FROM product) products`);
  say('');
  say(`MariaDB ${server.version}, buffer pool ${Math.round(Number(server.pool) / 2 ** 20)} MB`);
  say(
    `rows: ${Number(counts.customers).toLocaleString('en')} customers, ${Number(counts.holdings).toLocaleString('en')} holdings, ${Number(counts.events).toLocaleString('en')} behaviour events, ${counts.products} products`,
  );
  say(`size (data + indexes): ${sizes.map((s) => `${s.t} ${s.mb} MB`).join(', ')}`);
  say(
    `load this run: customers ${customerLoad}; ${data.parts.map((p) => `${p.part} ${p.rows.toLocaleString('en')} rows in ${p.seconds.toFixed(0)} s${p.note ? ` (${p.note})` : ''}`).join('; ')}; preparation total ${prepSeconds.toFixed(0)} s`,
  );
  const chunks: Array<{ part: string; loaded: string; s: string; n: string }> = await ds.query(
    'SELECT part, SUM(rows_loaded) loaded, SUM(seconds) s, COUNT(*) n FROM bench_segment_chunk GROUP BY part ORDER BY part',
  );
  say(
    `load record (all runs, chunk time without index rebuilds): ${chunks.map((c) => `${c.part} ${Number(c.loaded).toLocaleString('en')} rows, ${c.n} chunks, ${Number(c.s).toFixed(0)} s of chunk work`).join('; ')}`,
  );
}

// ------------------------------------------------------------------ live count

async function liveCounts(ds: DataSource, now: Date, summary: SummaryRow[], timeoutMs: number) {
  say('');
  say(
    `live count: the console's liveCount (engine/segments/live-count.ts: COUNT(*) and a sample of 5 over planToQuery, budget ${timeoutMs} ms), ${bench.countRuns} runs each after one warm-up run`,
  );
  const header = ['segment', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'count'];
  const rows: string[][] = [];
  let worstMain = 0,
    worstAll = 0;
  for (const c of liveCountCases) {
    const p = plan(c.definition, now);
    if (c.main) {
      const q = planToQuery(p);
      const sql = `SELECT COUNT(*) n FROM ${q.from} WHERE ${q.where} AND ${audienceScopeSql('c')}`;
      say(`SQL of the main segment (${c.name}):`);
      say(`  ${inline(sql, q.params)}`);
      say('EXPLAIN:');
      await printExplain(ds, sql, q.params);
    }
    const times: number[] = [];
    let count: number | null = 0;
    const deadline = Date.now() + bench.countSeconds * 1000;
    for (let k = 0; k <= bench.countRuns; k++) {
      const t = process.hrtime.bigint();
      // The console's own time budget (SEGMENT_COUNT_TIMEOUT_MS): past it the canvas shows "timed out".
      const r = await liveCount(ds, p, { timeoutMs, sampleSize: 5 });
      const took = ms(t);
      count = r.count;
      if (k > 0) times.push(took);
      if (k >= 3 && Date.now() > deadline) break;
    }
    const s = stats(times);
    if (!c.name.startsWith('H')) worstMain = Math.max(worstMain, s.p99);
    worstAll = Math.max(worstAll, s.p99);
    rows.push([c.name, String(s.n), f1(s.p50), f1(s.p95), f1(s.p99), f1(s.max), count === null ? 'timed out' : count.toLocaleString('en')]);
    say(`  ${c.name}: p50 ${f1(s.p50)} ms, count ${count === null ? 'timed out' : count.toLocaleString('en')}`);
  }
  table(header, rows);
  summary.push({
    what: 'live count, 4-condition segments A-D (worst p99)',
    figure: `${f1(worstMain)} ms`,
    target: `< ${bench.targetCountMs} ms`,
    pass: worstMain < bench.targetCountMs,
  });
  summary.push({
    what: 'live count, incl. heavy variant H (worst p99)',
    figure: `${f1(worstAll)} ms`,
    target: `< ${bench.targetCountMs} ms`,
    pass: worstAll < bench.targetCountMs,
  });
}

/** The statement with its parameters in place, for reading only. */
function inline(sql: string, params: unknown[]): string {
  let k = 0;
  return sql.replace(/\?/g, () => {
    const v = params[k++];
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });
}

export async function printExplain(ds: DataSource, sql: string, params: unknown[]) {
  const plan: Array<Record<string, unknown>> = await ds.query(`EXPLAIN ${sql}`, params);
  const cols = ['id', 'select_type', 'table', 'type', 'key', 'key_len', 'rows', 'Extra'];
  table(
    cols,
    plan.map((r) => cols.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
  );
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 || Number.isNaN(Number(cell.replace(/,/g, ''))) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  say(`  ${line(header)}`);
  say(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) say(`  ${line(r)}`);
}

// ------------------------------------------------------------------ real time

async function realtime(ds: DataSource, now: Date, benchCustomers: number, summary: SummaryRow[]) {
  const definitions = publishedDefinitions(100);
  const tPlan = process.hrtime.bigint();
  const plans = [...definitions.keys()].map((id) => plan(definitions.get(id)!, now, (ref) => definitions.get(ref)));
  const planMs = ms(tPlan);
  // The union of needs, as evaluateCustomers (membership-realtime.ts) loads them.
  const needs = mergeNeeds(plans.map((p) => planNeeds(p)));
  const { holdings, eventsSince } = needs;
  const shape = { event: 0, holding: 0, attribute: 0, segment: 0, or: 0, not: 0 };
  const walk = (n: SegmentDefinition['root']): void => {
    if (n.type === 'and' || n.type === 'or') {
      if (n.type === 'or') shape.or++;
      n.children.forEach(walk);
    } else if (n.type === 'not') {
      shape.not++;
      walk(n.child);
    } else shape[n.type]++;
  };
  for (const d of definitions.values()) walk(d.root);
  say('');
  say(
    `real time: 100 published segments (${shape.attribute} attribute, ${shape.holding} holding, ${shape.event} event, ${shape.segment} segment-reference leaves; ${shape.or} OR and ${shape.not} NOT groups), planned once in ${f1(planMs)} ms`,
  );
  say(
    `  facts loaded per customer: customer row, ${holdings ? 'all holdings' : 'no holdings'}, events since ${eventsSince?.toISOString() ?? '-'} (${eventsSince ? Math.round((now.getTime() - eventsSince.getTime()) / 86_400_000) : 0} days)`,
  );

  const samples = {
    // Real-time evaluation runs for the customer of an incoming event: drawn as the event stream draws customers (active ones more often).
    'event-driven customers': (k: number) => eventCustomer(segmentBench.events + 1_000_000 + k, benchCustomers),
    'uniformly drawn customers': (k: number) => 1 + Math.floor(unit(k, 401) * benchCustomers),
  };
  const [{ lo }] = await ds.query("SELECT MIN(id) lo FROM customer WHERE customer_no = 'B0000001'");
  const idOf = async (i: number) => Number((await ds.query('SELECT id FROM customer WHERE customer_no = ?', [`B${String(i).padStart(7, '0')}`]))[0].id);
  // Ids are contiguous when the customers were loaded in one go; checked once for the last one.
  const contiguous = (await idOf(benchCustomers)) === Number(lo) + benchCustomers - 1;
  const rows: string[][] = [];
  for (const [label, draw] of Object.entries(samples)) {
    const evalMs: number[] = [],
      totalMs: number[] = [],
      loadMs: number[] = [];
    let matched = 0,
      events = 0,
      held = 0;
    for (let k = -bench.warmup; k < bench.realtimeCustomers; k++) {
      const i = draw(k < 0 ? 5_000_000 + k : k);
      const id = contiguous ? Number(lo) + i - 1 : await idOf(i);
      const t = process.hrtime.bigint();
      const facts = (await loadCustomerFacts(ds, [id], needs)).get(id);
      const loaded = ms(t);
      if (!facts) throw new Error(`no facts for customer ${id}`);
      const te = process.hrtime.bigint();
      const scoped = inAudienceScope(facts.customer);
      let m = 0;
      for (const p of plans) if (scoped && planMatches(p, facts)) m++;
      const ev = ms(te);
      if (k < 0) continue;
      loadMs.push(loaded);
      evalMs.push(ev);
      totalMs.push(ms(t));
      matched += m;
      events += facts.events.length;
      held += facts.holdings.length;
    }
    const n = bench.realtimeCustomers;
    for (const [what, values] of [
      ['evaluation only (100 plans)', evalMs],
      ['facts load only', loadMs],
      ['load + evaluation', totalMs],
    ] as const) {
      const s = stats(values);
      rows.push([label, what, String(s.n), f1(s.p50), f1(s.p95), f1(s.p99), f1(s.max)]);
    }
    say(`  ${label}: on average ${(matched / n).toFixed(1)} of 100 segments matched, ${(events / n).toFixed(1)} events and ${(held / n).toFixed(1)} holdings loaded per customer`);
    const evalP99 = stats(evalMs).p99,
      totalP99 = stats(totalMs).p99;
    summary.push({
      what: `real time, ${label}: evaluation p99`,
      figure: `${f1(evalP99)} ms`,
      target: `< ${bench.targetRealtimeP99Ms} ms`,
      pass: evalP99 < bench.targetRealtimeP99Ms,
    });
    summary.push({
      what: `real time, ${label}: load + evaluation p99`,
      figure: `${f1(totalP99)} ms`,
      target: `< ${bench.targetRealtimeP99Ms} ms`,
      pass: totalP99 < bench.targetRealtimeP99Ms,
    });
  }
  say(`  ${bench.realtimeCustomers} customers per sample set, after ${bench.warmup} warm-up customers; one customer at a time, sequential`);
  table(['customers', 'timing', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[bench] failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
