import type { DataSource } from 'typeorm';
import type { SegmentPlan } from './segment-plan.js';
import { planToQuery } from './plan-to-sql.js';
import { audienceScopeSql } from './audience-scope.js';

export interface LiveCount {
  /** null when the count did not finish within the time budget. */
  count: number | null;
  exact: boolean;
  timedOut: boolean;
  elapsedMs: number;
  sample: Array<{ id: number; customerNo: string; name: string; region: string | null }>;
}

/** MariaDB's "Query execution was interrupted (max_statement_time exceeded)". */
const statementTimeout = 1969;
const timedOut = (err: unknown) => (err as { errno?: number }).errno === statementTimeout || (err as { driverError?: { errno?: number } }).driverError?.errno === statementTimeout;

/**
 * The audience count shown while a marketer edits: the SQL evaluator, bounded
 * by MariaDB's max_statement_time so an expensive definition cannot hold a
 * connection (or the database) for long. Past the budget it answers
 * timedOut instead of a number; the count is then computed on publish.
 *
 * The sample (the first matching customers found, not a random draw) runs on
 * a second connection at the same time as the count, with the same bound:
 * it stops at its LIMIT, so the answer takes about as long as the count alone.
 */
export async function liveCount(ds: DataSource, plan: SegmentPlan, opts: { timeoutMs: number; sampleSize: number }): Promise<LiveCount> {
  const t0 = Date.now();
  const { match, params } = matchOf(plan);
  const size = Math.max(0, Math.floor(opts.sampleSize));
  const [counted, sampled] = await Promise.allSettled([
    ds.query(bounded(`SELECT COUNT(*) AS n ${match}`, opts.timeoutMs), params) as Promise<Array<{ n: string }>>,
    size === 0
      ? Promise.resolve([])
      : (ds.query(bounded(`SELECT c.id, c.customer_no, c.name, c.region ${match} LIMIT ${size}`, opts.timeoutMs), params) as Promise<
          Array<{ id: number; customer_no: string; name: string; region: string | null }>
        >),
  ]);
  if (counted.status === 'rejected') {
    if (timedOut(counted.reason)) return { count: null, exact: false, timedOut: true, elapsedMs: Date.now() - t0, sample: [] };
    throw counted.reason;
  }
  if (sampled.status === 'rejected' && !timedOut(sampled.reason)) throw sampled.reason;
  const sample = sampled.status === 'fulfilled' ? sampled.value : [];
  return {
    count: Number(counted.value[0]!.n),
    exact: true,
    timedOut: false,
    elapsedMs: Date.now() - t0,
    sample: sample.map((r) => ({ id: Number(r.id), customerNo: r.customer_no, name: r.name, region: r.region })),
  };
}

/** The audience size of a plan alone (no sample), with the same time bound; null when it timed out. */
export async function countOnly(ds: DataSource, plan: SegmentPlan, timeoutMs: number): Promise<number | null> {
  const { match, params } = matchOf(plan);
  try {
    const [row] = (await ds.query(bounded(`SELECT COUNT(*) AS n ${match}`, timeoutMs), params)) as Array<{ n: string }>;
    return Number(row!.n);
  } catch (err) {
    if (timedOut(err)) return null;
    throw err;
  }
}

function matchOf(plan: SegmentPlan): { match: string; params: unknown[] } {
  const q = planToQuery(plan, 'c');
  return { match: `FROM ${q.from} WHERE ${q.where} AND ${audienceScopeSql('c')}`, params: q.params };
}

const bounded = (sql: string, timeoutMs: number) => `SET STATEMENT max_statement_time = ${(Math.max(100, timeoutMs) / 1000).toFixed(3)} FOR ${sql}`;
