import type { DataSource } from 'typeorm';
import { Customer } from '../../resources/customer/customer.entity.js';
import { applyCustomerFilters, countCap } from '../../resources/customer/customer-list.query.js';
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
 * the product's own filter function and the same ordering, paging and
 * count cap as listHandler/searchHandler in customer.resource.ts.
 */
export async function explainSample(ds: DataSource, cipher: PiiCipher, sample: Sample): Promise<string> {
  const qb = (filters: Record<string, unknown>) => applyCustomerFilters(ds.getRepository(Customer).createQueryBuilder('c'), filters, cipher);
  if (sample.search !== undefined) {
    const term = sample.search.trim();
    const filters = /^[A-Za-z]\d/.test(term) ? { customerNo: term } : { name: term };
    return `rows: ${await explain(ds, qb(filters).orderBy('c.id', 'DESC').limit(20).getQueryAndParameters())}`;
  }
  const q = sample.list!;
  const sortBy = q.sortBy ?? 'id';
  const rowsQuery = qb(q.filters).orderBy(`c.${sortBy}`, q.direction === 'asc' ? 'ASC' : 'DESC').addOrderBy('c.id', 'DESC')
    .offset(((q.page ?? 1) - 1) * 20).limit(20).getQueryAndParameters();
  const [countSql, countParams] = qb(q.filters).select('1').limit(countCap + 1).getQueryAndParameters();
  return `rows: ${await explain(ds, rowsQuery)} | count: ${await explain(ds, [`SELECT COUNT(*) n FROM (${countSql}) t`, countParams])}`;
}

/** The plan line of the customer table (derived tables of the capped count are skipped). */
async function explain(ds: DataSource, [sql, params]: [string, unknown[]]): Promise<string> {
  const plan: ExplainRow[] = await ds.query(`EXPLAIN ${sql}`, params);
  const line = plan.find((r) => r.table === 'c') ?? plan[0]!;
  return `${line.type} ${line.key ?? '(no index)'} ~${line.rows} rows${line.Extra ? `, ${line.Extra}` : ''}`;
}
