import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { createDomainServices } from '../resources/domain-services.js';
import { seedDemo } from '../seeds/run-seed.js';
import { checkSuitability } from '../engine/recommendation/suitability.js';
import { testEnv } from './support/test-env.js';
import { dbServer } from './support/db.js';

/**
 * The demo data the platform seeded at start (the suite's global setup):
 * the sizes and spreads the issue asks for, plausible values, and a second
 * run that adds nothing (idempotent, deterministic keys).
 */
let ds: DataSource;
const n = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);

beforeAll(async () => { ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName }); });
afterAll(async () => { await ds.destroy(); });

test('sizes: 10,000 customers, 50+ products over all six types, 30,000+ holdings, thousands of events, staff in every role over several branches', async () => {
  expect(await n("SELECT COUNT(*) n FROM customer WHERE customer_no REGEXP '^C[0-9]{7}$'")).toBe(10_000);
  expect(await n("SELECT COUNT(*) n FROM product WHERE code REGEXP '^(DP|SV|LN|FD|IN|CD)-[0-9]{3}$'")).toBeGreaterThanOrEqual(50);
  expect((await ds.query('SELECT DISTINCT type FROM product')).map((r: { type: string }) => r.type).sort())
    .toEqual(['CARD', 'DEPOSIT', 'FUND', 'INSURANCE', 'LOAN', 'SAVINGS']);
  expect(await n("SELECT COUNT(*) n FROM holding WHERE contract_no LIKE 'S%'")).toBeGreaterThanOrEqual(30_000);
  expect(await n("SELECT COUNT(*) n FROM behaviour_event WHERE event_id LIKE 'seed-evt-%'")).toBeGreaterThanOrEqual(3_000);
  expect(await n("SELECT COUNT(DISTINCT role) n FROM staff WHERE email LIKE '%@demo.bank'")).toBe(6);
  expect(await n("SELECT COUNT(DISTINCT branch_code) n FROM staff WHERE role = 'banker'")).toBeGreaterThanOrEqual(5);
});

test('spreads: mostly active customers, every status and propensity present, Korean names, adults of all ages', async () => {
  const share = async (where: string) => (await n(`SELECT COUNT(*) n FROM customer WHERE customer_no LIKE 'C%' AND ${where}`)) / 10_000;
  expect(await share("status = 'ACTIVE'")).toBeGreaterThan(0.7);
  for (const s of ['DORMANT', 'SUSPENDED', 'WITHDRAWN']) expect(await share(`status = '${s}'`)).toBeGreaterThan(0.01);
  for (const p of ['STABLE', 'STABLE_SEEKING', 'NEUTRAL', 'ACTIVE', 'AGGRESSIVE']) expect(await share(`propensity = '${p}'`)).toBeGreaterThan(0.03);
  expect(await share("name REGEXP '^[가-힣]{2,5}$'")).toBeGreaterThan(0.99);
  const ages = (await ds.query("SELECT MIN(TIMESTAMPDIFF(YEAR, birth_date, CURDATE())) lo, MAX(TIMESTAMPDIFF(YEAR, birth_date, CURDATE())) hi FROM customer WHERE customer_no LIKE 'C%'"))[0];
  expect(Number(ages.lo)).toBeGreaterThanOrEqual(18);
  expect(Number(ages.hi)).toBeGreaterThan(70);
  expect(await n("SELECT COUNT(DISTINCT region) n FROM customer")).toBeGreaterThanOrEqual(10);
});

test('every seeded fund holding respects the customer\'s propensity, and every product has exactly one published version', async () => {
  const funds: Array<{ propensity: never; risk_grade: number }> = await ds.query(
    "SELECT c.propensity, p.risk_grade FROM holding h JOIN customer c ON c.id = h.customer_id JOIN product p ON p.id = h.product_id WHERE p.type = 'FUND' AND h.contract_no LIKE 'S%'",
  );
  expect(funds.length).toBeGreaterThan(100);
  expect(funds.filter((f) => !checkSuitability(f.propensity, 'FUND', f.risk_grade).ok)).toEqual([]);
  expect(await n("SELECT COUNT(*) n FROM product p WHERE p.code LIKE '__-___' AND (SELECT COUNT(*) FROM product_version v WHERE v.product_id = p.id AND v.status = 'PUBLISHED') <> 1")).toBe(0);
});

test('a second run with the same settings adds nothing', async () => {
  const services = createDomainServices(ds, new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')));
  const report = await seedDemo(services, { demoPassword: testEnv.demoPassword, customers: 10_000 });
  expect(report).toEqual({ staff: 0, branches: 0, customers: 0, products: 0, versions: 0, holdings: 0, events: 0, segments: 0 });
}, 60_000);

test('the demo segments are published, with members that match their definitions', async () => {
  const segments: Array<{ id: number; name: string; status: string; member_count: number; published_version: number }> = await ds.query(
    "SELECT id, name, status, member_count, published_version FROM segment WHERE name IN ('서울·경기 모바일 활성 고객', '펀드 미보유 VIP', '연금 수령 연령 정기예금 고객')",
  );
  expect(segments).toHaveLength(3);
  for (const s of segments) {
    expect([s.name, s.status, Number(s.published_version)]).toEqual([s.name, 'PUBLISHED', 1]);
    expect(Number(s.member_count)).toBeGreaterThan(0);
    expect(await n('SELECT COUNT(*) n FROM segment_membership WHERE segment_id = ?', [s.id])).toBe(Number(s.member_count));
  }
  // Spot check against the database: VIPs without an open fund holding, neutral or bolder, not withdrawn.
  const vip = segments.find((s) => s.name === '펀드 미보유 VIP')!;
  expect(Number(vip.member_count)).toBe(await n(
    `SELECT COUNT(*) n FROM customer c WHERE c.status <> 'WITHDRAWN' AND FIND_IN_SET('vip', c.tags) AND c.propensity IN ('NEUTRAL','ACTIVE','AGGRESSIVE')
       AND NOT EXISTS (SELECT 1 FROM holding h JOIN product p ON p.id = h.product_id WHERE h.customer_id = c.id AND p.type = 'FUND'
                         AND (h.closed_on IS NULL OR h.closed_on > DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR)))`,
  ));
});
