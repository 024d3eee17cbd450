import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from './support/console-client.js';
import { testDb } from './support/db.js';
import { logIn } from './support/demo-staff.js';

/**
 * The big tables' lists count at most 10,001 matches (admin/access/capped-count.ts):
 * the demo's 30,000+ holdings list as 10,001 without a COUNT over the table,
 * while a filtered list still counts exactly and pages the same records.
 */
let db: Connection;
let manager: ConsoleClient;

beforeAll(async () => {
  db = await testDb();
  manager = await logIn('manager');
});
afterAll(async () => {
  await db?.end();
});

const list = async (query: string) => (await manager.request(`/admin/api/resources/Holding/actions/list?${query}`)).json();

test('the holding list stops counting past 10,000 matches, and a filter narrows to the exact count', async () => {
  const [[{ n }]] = (await db.query('SELECT COUNT(*) n FROM holding')) as unknown as [[{ n: number }]];
  expect(Number(n)).toBeGreaterThan(10_001);
  const all = await list('perPage=10');
  expect(all.meta.total).toBe(10_001);
  expect(all.records).toHaveLength(10);

  const [[c]] = (await db.query('SELECT customer_id, COUNT(*) n FROM holding GROUP BY customer_id HAVING n >= 2 ORDER BY customer_id LIMIT 1')) as unknown as [
    [{ customer_id: number; n: number }],
  ];
  const one = await list(`perPage=10&filters.customerId=${c.customer_id}`);
  expect(one.meta.total).toBe(Number(c.n));
  expect(one.records.every((r: { params: { customerId: number } }) => Number(r.params.customerId) === Number(c.customer_id))).toBe(true);
});
