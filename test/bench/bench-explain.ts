import type { DataSource, QueryRunner } from 'typeorm';
import { Customer } from '../../resources/customer/customer.entity.js';
import { applyCustomerFilters, countCap, manyMatches, orderCustomerPage, withoutIntersection } from '../../resources/customer/customer-list.query.js';
import type { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import type { Sample } from './customer-scenarios.js';

interface ExplainRow {
  table: string | null;
  type: string | null;
  key: string | null;
  rows: number | string | null;
  Extra: string | null;
}

/**
 * One line per query the handler runs for a sample: access type, index,
 * estimated rows and extra work (filesort...). The queries are built with
 * the product's own filter, ordering and paging functions and the same
 * count cap and optimizer setting as listHandler/searchHandler in customer.resource.ts.
 */
export async function explainSample(ds: DataSource, cipher: PiiCipher, sample: Sample): Promise<string> {
  const qb = (filters: Record<string, unknown>) => applyCustomerFilters(ds.getRepository(Customer).createQueryBuilder('c'), filters, cipher);
  if (sample.view360 !== undefined) return 'profile and four look-ups by customer id on their (customer_id, ...) indexes, plus the products on sale (customer-360.query.ts)';
  if (sample.search !== undefined) {
    const term = sample.search.trim();
    const filters = /^[A-Za-z]\d/.test(term) ? { customerNo: term } : { name: term };
    return `rows: ${await explain(ds, qb(filters).orderBy('c.id', 'DESC').limit(20).getQueryAndParameters())}`;
  }
  const q = sample.list!;
  const [countSql, countParams] = qb(q.filters)
    .select('1')
    .limit(countCap + 1)
    .getQueryAndParameters();
  const [{ n }] = await ds.query(`SELECT COUNT(*) n FROM (${countSql}) t`, countParams);
  const page = orderCustomerPage(qb(q.filters), q.sortBy ?? 'id', q.direction === 'asc' ? 'asc' : 'desc', q.page ?? 1, 20).getQueryAndParameters();
  // The same plan the handler gets: large result sets run with index-merge intersection off.
  const rowsPlan = Number(n) >= manyMatches ? await withoutIntersection(ds, (runner) => explain(ds, page, runner)) : await explain(ds, page);
  return `rows: ${rowsPlan} | count: ${await explain(ds, [`SELECT COUNT(*) n FROM (${countSql}) t`, countParams])}`;
}

/** The plan line of the customer table (derived tables of the capped count are skipped). */
async function explain(ds: DataSource, [sql, params]: [string, unknown[]], runner?: QueryRunner): Promise<string> {
  const plan: ExplainRow[] = runner ? await runner.query(`EXPLAIN ${sql}`, params) : await ds.query(`EXPLAIN ${sql}`, params);
  const line = plan.find((r) => r.table === 'c') ?? plan[0]!;
  return `${line.type} ${line.key ?? '(no index)'} ~${line.rows} rows${line.Extra ? `, ${line.Extra}` : ''}`;
}
