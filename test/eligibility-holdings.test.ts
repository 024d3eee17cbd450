import type { Connection } from 'mysql2/promise';
import type { ConsoleClient } from './support/console-client.js';
import { testDb, queries } from './support/db.js';
import { api, call, kst, type Outcome } from './support/console-api.js';
import { logIn } from './support/demo-staff.js';
import { ageOn, checkEligibility } from '../engine/recommendation/eligibility.js';

/**
 * 가입 대상 (eligibility) in selling and recommending: HoldingService.open
 * refuses a customer outside a version's age range with the reason, in the
 * console's language, alongside every other wrong field; the sale form's
 * options (Customer `sell` action) flag the same products before saving; the
 * 360 page never recommends a product the customer may not open.
 */

let db: Connection;
let banker: ConsoleClient;
let bankerEn: ConsoleClient;
let bankerBranch: string;
let youthSavings: number;
let seniorDeposit: number;
let riskyFund: number;
let plainDeposit: number;
let elder: { id: number; customer_no: string; birth_date: string };
let young: { id: number; customer_no: string; birth_date: string };

const { rows } = queries(() => db);
const one = async <T = any>(sql: string, args: unknown[] = []): Promise<T> => {
  const [first] = await rows<T>(sql, args);
  if (!first) throw new Error(`no row for: ${sql}`);
  return first;
};
const versionOf = async (name: string) =>
  Number((await one("SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.name = ? AND v.status = 'PUBLISHED' LIMIT 1", [name])).id);
const holdingCount = async () => Number((await one('SELECT COUNT(*) n FROM holding')).n);

/** The same session, sending the console language cookie (English) with every request, as the browser does after the top bar's choice. */
function inEnglish(client: ConsoleClient): ConsoleClient {
  const c = client as unknown as { cookie: string | null };
  const request = client.request.bind(client);
  client.request = (path, init) => {
    c.cookie = `${(c.cookie ?? '').replace(/; bank-crm\.lang=en$/, '')}; bank-crm.lang=en`;
    return request(path, init);
  };
  return client;
}

beforeAll(async () => {
  db = await testDb();
  [banker, bankerEn] = await Promise.all([logIn('banker'), logIn('banker').then(inEnglish)]);
  bankerBranch = (await one("SELECT branch_code FROM staff WHERE email = 'banker@demo.bank'")).branch_code;
  youthSavings = await versionOf('Sh 청년희망 적금');
  seniorDeposit = await versionOf('Sh 시니어 행복예금');
  plainDeposit = Number(
    (
      await one(
        "SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'DEPOSIT' AND v.status = 'PUBLISHED' AND v.min_age IS NULL AND v.max_age IS NULL ORDER BY p.code LIMIT 1",
      )
    ).id,
  );
  riskyFund = Number(
    (await one("SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE p.type = 'FUND' AND p.risk_grade <= 3 AND v.status = 'PUBLISHED' LIMIT 1")).id,
  );
  elder = await one(
    "SELECT id, customer_no, DATE_FORMAT(birth_date, '%Y-%m-%d') birth_date FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' AND propensity = 'STABLE' AND birth_date < ? ORDER BY id LIMIT 1",
    [`${Number(kst(0).slice(0, 4)) - 72}-01-01`],
  );
  young = await one(
    "SELECT id, customer_no, DATE_FORMAT(birth_date, '%Y-%m-%d') birth_date FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' AND birth_date > ? AND birth_date < ? ORDER BY id LIMIT 1",
    [`${Number(kst(0).slice(0, 4)) - 30}-01-01`, `${Number(kst(0).slice(0, 4)) - 21}-01-01`],
  );
});
afterAll(async () => {
  await db.end();
});

const open = (by: ConsoleClient, form: Record<string, string>): Promise<Outcome> => call(by, `${api}/Holding/actions/new`, form);
const sale = (customerId: number, productVersionId: number, over: Record<string, string> = {}) => ({
  customerId: String(customerId),
  productVersionId: String(productVersionId),
  amount: '1,000,000',
  openedOn: kst(0),
  ...over,
});

test('HoldingService.open refuses a customer outside the age range with the reason, in Korean and in English, and writes nothing', async () => {
  const age = ageOn(elder.birth_date, kst(0));
  const before = await holdingCount();
  const ko = await open(banker, sale(elder.id, youthSavings));
  expect([ko.ok, ko.forbidden]).toEqual([false, false]);
  expect(ko.errors.productVersionId?.message).toBe(`가입 대상이 아닙니다: 만 34세 이하만 가입할 수 있습니다(고객 만 ${age}세)`);
  const en = await open(bankerEn, sale(elder.id, youthSavings));
  expect(en.errors.productVersionId?.message).toBe(`Not eligible: Only customers aged 34 or under may open it (the customer is ${age})`);
  expect(await holdingCount()).toBe(before);
});

test('every wrong field is reported at once: amount, opening date and an ineligible product together', async () => {
  const o = await open(banker, sale(young.id, seniorDeposit, { amount: '', openedOn: kst(3) }));
  expect(o.ok).toBe(false);
  expect(Object.keys(o.errors).sort()).toEqual(['amount', 'openedOn', 'productVersionId']);
  expect(o.errors.amount?.message).toBe('금액을 입력하세요');
  expect(o.errors.openedOn?.message).toBe('신규일은 오늘 이후일 수 없습니다');
  expect(o.errors.productVersionId?.message).toContain('만 60세 이상만 가입할 수 있습니다');
  const en = await open(bankerEn, sale(young.id, seniorDeposit, { amount: 'abc', openedOn: kst(3) }));
  expect(en.errors.amount?.message).toBe('Enter the amount in whole won');
  expect(en.errors.openedOn?.message).toBe('The opening date cannot be after today');
});

test('suitability and eligibility together: both reasons, in plain words', async () => {
  const fund = await open(banker, sale(elder.id, riskyFund));
  expect(fund.errors.productVersionId?.message).toMatch(/^안정형 고객은 위험등급 6\(매우 낮은 위험\) 상품만 가입할 수 있습니다/);
  expect(fund.errors.productVersionId?.message).not.toMatch(/STABLE|FUND/);
});

test('a customer within the range may open it', async () => {
  const o = await open(banker, sale(young.id, youthSavings));
  expect(o.ok).toBe(true);
  expect(Number((await one('SELECT product_version_id FROM holding WHERE id = ?', [o.params.id])).product_version_id)).toBe(youthSavings);
});

test('the 360 page never recommends a product the customer may not open', async () => {
  for (const c of [elder, young]) {
    const r = await banker.request(`${api}/Customer/records/${c.id}/profile360`);
    const recs: Array<{ versionId: number; name: string }> = r.json().view.recommendations;
    for (const rec of recs) {
      const v = await one('SELECT min_age, max_age, eligible_gender, eligible_regions FROM product_version WHERE id = ?', [rec.versionId]);
      const who = await one("SELECT DATE_FORMAT(birth_date, '%Y-%m-%d') birth_date, gender, region FROM customer WHERE id = ?", [c.id]);
      const d = checkEligibility(
        { minAge: v.min_age, maxAge: v.max_age, eligibleGender: v.eligible_gender, eligibleRegions: v.eligible_regions },
        { birthDate: who.birth_date, gender: who.gender, region: who.region },
        kst(0),
      );
      expect([rec.name, d.ok]).toEqual([rec.name, true]);
    }
  }
  const elderRecs = (await banker.request(`${api}/Customer/records/${elder.id}/profile360`)).json().view.recommendations.map((r: { name: string }) => r.name);
  expect(elderRecs).not.toContain('Sh 어린이 보험');
  expect(elderRecs).not.toContain('Sh 청년희망 적금');
});

test("the sale form's options: the customer, today, the seller's branch, only versions on sale, each flagged with the reason before saving; audited", async () => {
  const auditBefore = Number((await one("SELECT COUNT(*) n FROM audit_log WHERE action = 'customer.view' AND record_id = ?", [String(elder.id)])).n);
  const r = await banker.request(`${api}/Customer/records/${elder.id}/sell`);
  const options = r.json().record.saleOptions;
  expect(options.customer).toMatchObject({ id: elder.id, customerNo: elder.customer_no });
  expect(options.today).toBe(kst(0));
  expect(options.sellerBranch).toBe(bankerBranch);
  const onSale: Array<{ id: number }> = await rows(
    "SELECT v.id FROM product_version v JOIN product p ON p.id = v.product_id WHERE v.status = 'PUBLISHED' AND p.deleted_at IS NULL AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to >= ?)",
    [kst(0), kst(0)],
  );
  expect(options.choices.map((c: { versionId: number }) => c.versionId).sort()).toEqual(onSale.map((v) => Number(v.id)).sort());
  const byVersion = (id: number) => options.choices.find((c: { versionId: number }) => c.versionId === id);
  // Both languages, so the form follows a language switch without asking again.
  expect(byVersion(youthSavings)).toMatchObject({ ok: false, kind: 'eligibility', eligibleWho: { ko: '만 19~34세', en: 'aged 19–34' } });
  expect(byVersion(youthSavings).reason.ko).toContain('만 34세 이하만 가입할 수 있습니다');
  expect(byVersion(riskyFund)).toMatchObject({ ok: false, kind: 'suitability' });
  expect(byVersion(riskyFund).reason.ko).toContain('안정형 고객은 위험등급 6(매우 낮은 위험) 상품만');
  expect(byVersion(riskyFund).reason.en).toContain('A customer with the Stable propensity may open only products of risk grade 6 (very low risk)');
  expect(byVersion(plainDeposit)).toMatchObject({ ok: true, reason: null });
  expect(Number((await one("SELECT COUNT(*) n FROM audit_log WHERE action = 'customer.view' AND record_id = ?", [String(elder.id)])).n)).toBe(auditBefore + 1);
});

test('a sale posted from the form is for this customer whatever the payload says, never records a closing date, and returns to the 360', async () => {
  const o = await call(banker, `${api}/Customer/records/${young.id}/sell`, {
    customerId: String(elder.id),
    productVersionId: String(plainDeposit),
    amount: '2,500,000',
    openedOn: kst(0),
    branchCode: bankerBranch,
    closedOn: kst(0),
  });
  expect([o.ok, o.message]).toEqual([true, 'holdingOpened']);
  expect(o.raw.redirectUrl).toBe(`/admin/resources/Customer/records/${young.id}/show`);
  const h = await one('SELECT customer_id, amount, closed_on FROM holding WHERE id = ?', [o.raw.holdingId]);
  expect([Number(h.customer_id), String(h.amount), h.closed_on]).toEqual([young.id, '2500000', null]);

  const refused = await call(banker, `${api}/Customer/records/${elder.id}/sell`, { productVersionId: String(youthSavings), amount: '1000000', openedOn: kst(0) });
  expect(refused.ok).toBe(false);
  expect(refused.errors.productVersionId?.message).toContain('가입 대상이 아닙니다');
});
