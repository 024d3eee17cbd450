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

/**
 * The audience count shown while a marketer edits: the SQL evaluator, bounded
 * by MariaDB's max_statement_time so an expensive definition cannot hold a
 * connection (or the database) for long. Past the budget it answers
 * timedOut instead of a number; the count is then computed on publish.
 * The sample is the first few matching customers by id, with the same bound.
 */
export async function liveCount(ds: DataSource, plan: SegmentPlan, opts: { timeoutMs: number; sampleSize: number }): Promise<LiveCount> {
  const t0 = Date.now();
  const q = planToQuery(plan, 'c');
  const match = `FROM ${q.from} WHERE ${q.where} AND ${audienceScopeSql('c')}`;
  const seconds = (Math.max(100, opts.timeoutMs) / 1000).toFixed(3);
  try {
    const [row] = await ds.query(`SET STATEMENT max_statement_time = ${seconds} FOR SELECT COUNT(*) AS n ${match}`, q.params);
    const count = Number(row.n);
    const remaining = Math.max(0.1, (opts.timeoutMs - (Date.now() - t0)) / 1000).toFixed(3);
    const sample: Array<{ id: number; customer_no: string; name: string; region: string | null }> = count === 0 ? [] : await ds.query(
      `SET STATEMENT max_statement_time = ${remaining} FOR SELECT c.id, c.customer_no, c.name, c.region ${match} ORDER BY c.id LIMIT ${Math.max(0, Math.floor(opts.sampleSize))}`,
      q.params,
    ).catch((err: { errno?: number }) => {
      if (err.errno === statementTimeout) return [];
      throw err;
    });
    return {
      count, exact: true, timedOut: false, elapsedMs: Date.now() - t0,
      sample: sample.map((s) => ({ id: Number(s.id), customerNo: s.customer_no, name: s.name, region: s.region })),
    };
  } catch (err) {
    if ((err as { errno?: number }).errno === statementTimeout || (err as { driverError?: { errno?: number } }).driverError?.errno === statementTimeout) {
      return { count: null, exact: false, timedOut: true, elapsedMs: Date.now() - t0, sample: [] };
    }
    throw err;
  }
}
