import type { DataSource } from 'typeorm';
import { connectDatabase } from '../engine/db/data-source.js';
import { PiiCipher } from '../engine/crypto/pii-cipher.js';
import { createDomainServices } from '../resources/domain-services.js';
import { seedDemo } from '../seeds/run-seed.js';
import { depositMaturingSegmentName } from '../seeds/demo-segments.js';
import { demoProducts } from '../seeds/demo-products.js';
import { exampleJourneys } from '../engine/definitions/journey/journey-examples.js';
import { checkSuitability } from '../engine/recommendation/suitability.js';
import { ageOn, checkEligibility } from '../engine/recommendation/eligibility.js';
import { testEnv } from './support/test-env.js';
import { dbServer } from './support/db.js';

/**
 * The demo data the platform seeded at start (the suite's global setup):
 * the sizes and spreads the issue asks for, plausible values, and a second
 * run that adds nothing (idempotent, deterministic keys).
 */
let ds: DataSource;
const n = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);

beforeAll(async () => {
  ds = await connectDatabase({ ...dbServer(), database: testEnv.dbName });
});
afterAll(async () => {
  await ds.destroy();
});

test('sizes: 10,000 customers, 50+ products over all six types, 30,000+ holdings, thousands of events, staff in every role over several branches', async () => {
  expect(await n("SELECT COUNT(*) n FROM customer WHERE customer_no REGEXP '^C[0-9]{7}$'")).toBe(10_000);
  expect(await n("SELECT COUNT(*) n FROM product WHERE code REGEXP '^(DP|SV|LN|FD|IN|CD)-[0-9]{3}$'")).toBeGreaterThanOrEqual(50);
  expect((await ds.query('SELECT DISTINCT type FROM product')).map((r: { type: string }) => r.type).sort()).toEqual(['CARD', 'DEPOSIT', 'FUND', 'INSURANCE', 'LOAN', 'SAVINGS']);
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
  const ages = (
    await ds.query("SELECT MIN(TIMESTAMPDIFF(YEAR, birth_date, CURDATE())) lo, MAX(TIMESTAMPDIFF(YEAR, birth_date, CURDATE())) hi FROM customer WHERE customer_no LIKE 'C%'")
  )[0];
  expect(Number(ages.lo)).toBeGreaterThanOrEqual(18);
  expect(Number(ages.hi)).toBeGreaterThan(70);
  expect(await n('SELECT COUNT(DISTINCT region) n FROM customer')).toBeGreaterThanOrEqual(10);
});

test("every seeded fund holding respects the customer's propensity, and every product has exactly one published version", async () => {
  const funds: Array<{ propensity: never; risk_grade: number }> = await ds.query(
    "SELECT c.propensity, p.risk_grade FROM holding h JOIN customer c ON c.id = h.customer_id JOIN product p ON p.id = h.product_id WHERE p.type = 'FUND' AND h.contract_no LIKE 'S%'",
  );
  expect(funds.length).toBeGreaterThan(100);
  expect(funds.filter((f) => !checkSuitability(f.propensity, 'FUND', f.risk_grade).ok)).toEqual([]);
  expect(
    await n("SELECT COUNT(*) n FROM product p WHERE p.code LIKE '__-___' AND (SELECT COUNT(*) FROM product_version v WHERE v.product_id = p.id AND v.status = 'PUBLISHED') <> 1"),
  ).toBe(0);
});

test("demo data is coherent: no seeded holding breaks its version's eligibility or suitability, and segment labels follow age", async () => {
  const held: Array<Record<string, any>> = await ds.query(
    `SELECT h.contract_no, DATE_FORMAT(h.opened_on, '%Y-%m-%d') opened_on, c.propensity, DATE_FORMAT(c.birth_date, '%Y-%m-%d') birth_date, c.gender, c.region,
            p.type, p.risk_grade, v.min_age, v.max_age, v.eligible_gender, v.eligible_regions
       FROM holding h JOIN customer c ON c.id = h.customer_id JOIN product p ON p.id = h.product_id JOIN product_version v ON v.id = h.product_version_id
      WHERE h.contract_no LIKE 'S%'`,
  );
  expect(held.length).toBeGreaterThan(30_000);
  const broken = held.filter(
    (h) =>
      !checkSuitability(h.propensity, h.type, Number(h.risk_grade)).ok ||
      !checkEligibility(
        { minAge: h.min_age, maxAge: h.max_age, eligibleGender: h.eligible_gender, eligibleRegions: h.eligible_regions },
        { birthDate: h.birth_date, gender: h.gender, region: h.region },
        h.opened_on,
      ).ok,
  );
  expect(broken.map((h) => h.contract_no)).toEqual([]);
  // The demo catalogue's rules reached the versions (e.g. child insurance, youth savings), and nobody holds child insurance
  // (under 15; every demo customer is an adult, and holdings opened at most about three years ago).
  expect(await n("SELECT COUNT(*) n FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.code LIKE '__-___' AND v.max_age IS NOT NULL")).toBeGreaterThan(0);
  expect(await n("SELECT COUNT(*) n FROM holding h JOIN product_version v ON v.id = h.product_version_id WHERE h.contract_no LIKE 'S%' AND v.max_age < 15")).toBe(0);

  const labelled: Array<{ segment_label: string; birth_date: string }> = await ds.query(
    "SELECT segment_label, DATE_FORMAT(birth_date, '%Y-%m-%d') birth_date FROM customer WHERE customer_no REGEXP '^C[0-9]{7}$' AND segment_label IN ('청년', '시니어')",
  );
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  // A day of slack: the seed's "today" was when the platform started.
  const misfits = labelled.filter((c) => (c.segment_label === '청년' ? ageOn(c.birth_date, today) > 35 : ageOn(c.birth_date, today) < 59));
  expect(misfits).toEqual([]);
  expect(labelled.filter((c) => c.segment_label === '청년').length).toBeGreaterThan(50);
});

test('demo consents are plausible: no e-mail consent without an address, app push consent falls with age, none for withdrawn customers', async () => {
  const demo = "customer_no REGEXP '^C[0-9]{7}$'";
  expect(await n(`SELECT COUNT(*) n FROM customer WHERE ${demo} AND consent_email = 1 AND email_hash IS NULL`)).toBe(0);
  expect(await n(`SELECT COUNT(*) n FROM customer WHERE ${demo} AND status = 'WITHDRAWN' AND (consent_sms OR consent_email OR consent_push OR consent_night)`)).toBe(0);
  const share = async (ages: string) =>
    n(`SELECT ROUND(100 * AVG(consent_push)) n FROM customer WHERE ${demo} AND status <> 'WITHDRAWN' AND TIMESTAMPDIFF(YEAR, birth_date, CURDATE()) ${ages}`);
  const young = await share('< 40');
  const old = await share('>= 60');
  expect(young).toBeGreaterThan(old + 25);
});

test('a second run with the same settings adds nothing', async () => {
  const services = createDomainServices(ds, new PiiCipher(Buffer.from(testEnv.piiKey, 'base64')));
  const report = await seedDemo(services, { demoPassword: testEnv.demoPassword, customers: 10_000 });
  expect(report).toEqual({ staff: 0, branches: 0, customers: 0, products: 0, versions: 0, holdings: 0, events: 0, segments: 0, templates: 0, devices: 0, journeys: 0 });
}, 60_000);

test('the demo segments are published, with members that match their definitions', async () => {
  const segments: Array<{ id: number; name: string; status: string; member_count: number; published_version: number }> = await ds.query(
    "SELECT id, name, status, member_count, published_version FROM segment WHERE name IN ('서울·경기 모바일 활성 고객', '펀드 미보유 VIP', '연금 수령 연령 정기예금 고객', ?)",
    [depositMaturingSegmentName],
  );
  expect(segments).toHaveLength(4);
  for (const s of segments) {
    expect([s.name, s.status, Number(s.published_version)]).toEqual([s.name, 'PUBLISHED', 1]);
    expect(Number(s.member_count)).toBeGreaterThan(0);
    expect(await n('SELECT COUNT(*) n FROM segment_membership WHERE segment_id = ?', [s.id])).toBe(Number(s.member_count));
  }
  // Spot check against the database: VIPs without an open fund holding, neutral or bolder, not withdrawn.
  const vip = segments.find((s) => s.name === '펀드 미보유 VIP')!;
  expect(Number(vip.member_count)).toBe(
    await n(
      `SELECT COUNT(*) n FROM customer c WHERE c.status <> 'WITHDRAWN' AND FIND_IN_SET('vip', c.tags) AND c.propensity IN ('NEUTRAL','ACTIVE','AGGRESSIVE')
       AND NOT EXISTS (SELECT 1 FROM holding h JOIN product p ON p.id = h.product_id WHERE h.customer_id = c.id AND p.type = 'FUND'
                         AND (h.closed_on IS NULL OR h.closed_on > DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR)))`,
    ),
  );
});

test('the deposit-maturing segment holds the customers whose newest open time deposit turns 1, 2 or 3 years old within 14 days', async () => {
  const [segment] = await ds.query('SELECT id, member_count FROM segment WHERE name = ?', [depositMaturingSegmentName]);
  // Seoul's today, as the evaluator counts days; opened 352-365, 717-730 or 1082-1095 days ago.
  const expected: Array<{ id: number }> = await ds.query(
    `SELECT c.id FROM customer c JOIN holding h ON h.customer_id = c.id JOIN product p ON p.id = h.product_id
      WHERE c.status <> 'WITHDRAWN' AND p.code IN (?)
        AND (h.closed_on IS NULL OR h.closed_on > DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR))
      GROUP BY c.id
     HAVING DATEDIFF(DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR), MAX(h.opened_on)) IN (SELECT d FROM (
       SELECT 365 * y.n - k.n AS d FROM (SELECT 1 n UNION SELECT 2 UNION SELECT 3) y
       JOIN (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7
             UNION SELECT 8 UNION SELECT 9 UNION SELECT 10 UNION SELECT 11 UNION SELECT 12 UNION SELECT 13) k) days)
      ORDER BY c.id`,
    [demoProducts.filter((p) => p.type === 'DEPOSIT' && p.category === '정기예금').map((p) => p.code)],
  );
  const members: Array<{ customer_id: number }> = await ds.query('SELECT customer_id FROM segment_membership WHERE segment_id = ? ORDER BY customer_id', [segment.id]);
  expect(expected.length).toBeGreaterThan(20);
  expect(members.map((m) => Number(m.customer_id))).toEqual(expected.map((e) => Number(e.id)));
  expect(Number(segment.member_count)).toBe(expected.length);
});

test('the four example journeys are published (version 1) by the demo marketer, the deposit journey over the deposit-maturing segment', async () => {
  const journeys: Array<{
    name: string;
    status: string;
    published_version: number;
    entry_type: string;
    entry_event_type: string | null;
    entry_segment_id: number | null;
    published_by: string;
  }> = await ds.query(
    `SELECT j.name, j.status, j.published_version, j.entry_type, j.entry_event_type, j.entry_segment_id, s.email AS published_by
       FROM journey j JOIN journey_version v ON v.id = j.published_version_id LEFT JOIN staff s ON s.id = v.published_by
      WHERE j.name IN (?) ORDER BY j.id`,
    [exampleJourneys().map((j) => j.name)],
  );
  const [segment] = await ds.query('SELECT id FROM segment WHERE name = ?', [depositMaturingSegmentName]);
  expect(
    journeys.map((j) => ({ ...j, published_version: Number(j.published_version), entry_segment_id: j.entry_segment_id === null ? null : Number(j.entry_segment_id) })),
  ).toEqual([
    {
      name: '모바일 앱 신규 가입 환영 시리즈',
      status: 'PUBLISHED',
      published_version: 1,
      entry_type: 'event',
      entry_event_type: 'app.signup',
      entry_segment_id: null,
      published_by: 'marketer@demo.bank',
    },
    {
      name: '정기예금 만기 안내 (매주 월요일)',
      status: 'PUBLISHED',
      published_version: 1,
      entry_type: 'schedule',
      entry_event_type: null,
      entry_segment_id: Number(segment.id),
      published_by: 'marketer@demo.bank',
    },
    {
      name: '펀드 조회 후 미가입 고객 넛지 (A/B)',
      status: 'PUBLISHED',
      published_version: 1,
      entry_type: 'event',
      entry_event_type: 'product.view',
      entry_segment_id: null,
      published_by: 'marketer@demo.bank',
    },
    {
      name: '정기예금 만기일 당일 안내',
      status: 'PUBLISHED',
      published_version: 1,
      entry_type: 'event',
      entry_event_type: 'deposit.matured',
      entry_segment_id: null,
      published_by: 'marketer@demo.bank',
    },
  ]);
  // The stored version is the example with the real segment id, in the entry and in the exit condition.
  const [v] = await ds.query("SELECT v.definition FROM journey_version v JOIN journey j ON j.published_version_id = v.id WHERE j.name = '정기예금 만기 안내 (매주 월요일)'");
  const definition = typeof v.definition === 'string' ? JSON.parse(v.definition) : v.definition;
  expect(definition.entry).toEqual({ type: 'schedule', segmentId: Number(segment.id), schedule: { kind: 'recurring', cron: '0 10 * * MON', timeZone: 'Asia/Seoul' } });
  expect(definition.exitWhen).toEqual([{ type: 'segmentExited', segmentId: Number(segment.id) }]);
  // Seeded product views carry the product type the fund journey filters on.
  expect(await n("SELECT COUNT(*) n FROM behaviour_event WHERE event_id LIKE 'seed-evt-%' AND type = 'product.view' AND JSON_VALUE(properties, '$.productType') IS NULL")).toBe(0);
});
