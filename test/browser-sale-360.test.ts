import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { testDb } from './support/db.js';
import { AdminPage, kstDate } from './support/admin-page.js';
import { axeViolations, describeViolations } from './support/axe.js';
import { switchLanguage } from './support/language.js';

/**
 * Selling from the customer 360 page in Chromium, as a banker: the sale form
 * names the customer, opens on today (Korean date) and the banker's branch,
 * has no closing date, flags an unsuitable fund and an ineligible product
 * with the reason in plain words before anything is saved, formats the
 * amount in KRW, and a valid sale returns to the 360 page with the new
 * holding. Personal data is revealed in place; events are shown by name.
 */

let browser: Browser;
let db: Connection;
let bk: AdminPage;
let elder: { id: number; customerNo: string };
let bankerBranch: string;
let riskyFund: { id: number; name: string };
let youthSavings: { id: number; name: string };
let plainDeposit: { id: number; name: string };

const rows = async <T>(sql: string, args: unknown[] = []): Promise<T[]> => (await db.query(sql, args))[0] as T[];
const first = async <T>(sql: string, args: unknown[] = []): Promise<T> => {
  const [r] = await rows<T>(sql, args);
  if (!r) throw new Error(`no row for ${sql}`);
  return r;
};

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
  const e = await first<{ id: number; customer_no: string }>(
    "SELECT id, customer_no FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' AND propensity = 'STABLE' AND anonymised_at IS NULL AND birth_date < ? ORDER BY id LIMIT 1 OFFSET 3",
    [`${Number(kstDate().slice(0, 4)) - 72}-01-01`],
  );
  elder = { id: Number(e.id), customerNo: e.customer_no };
  bankerBranch = (await first<{ branch_code: string }>("SELECT branch_code FROM staff WHERE email = 'banker@demo.bank'")).branch_code;
  const version = (where: string) =>
    first<{ id: number; name: string }>(
      `SELECT v.id, p.name FROM product_version v JOIN product p ON p.id = v.product_id WHERE v.status = 'PUBLISHED' AND ${where} ORDER BY p.code LIMIT 1`,
    );
  riskyFund = await version("p.type = 'FUND' AND p.risk_grade <= 3");
  youthSavings = await version("p.name = 'Sh 청년희망 적금'");
  plainDeposit = await version("p.type = 'DEPOSIT' AND v.min_age IS NULL AND v.max_age IS NULL AND v.eligible_gender IS NULL AND v.eligible_regions IS NULL");
  bk = await AdminPage.login(browser, 'banker@demo.bank');
});

afterAll(async () => {
  await bk?.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

test('a sale from the 360 page: unsuitable and ineligible products flagged before saving, then a valid sale back on the 360', async () => {
  const page = bk.page;
  try {
    await bk.openRecord('Customer', elder.id);
    await page.getByTestId('customer-360').waitFor();
    await page.getByTestId('add-holding').click();
    await page.waitForURL(new RegExp(`/resources/Customer/records/${elder.id}/sell`));
    const form = page.getByTestId('sale-form');
    await form.waitFor();

    // The customer, today (Korean date), the banker's branch; no closing date.
    await form.getByTestId('sale-customer').filter({ hasText: elder.customerNo }).waitFor();
    expect(await form.getByTestId('sale-opened-on').inputValue()).toBe(kstDate());
    expect(await form.getByTestId('sale-branch').inputValue()).toBe(bankerBranch);
    expect(await form.locator('[name="closedOn"]').count()).toBe(0);

    // Unsuitable: a risky fund for a STABLE customer, in plain words (no raw code), before saving.
    const holdingsBefore = (await first<{ n: number }>('SELECT COUNT(*) n FROM holding WHERE customer_id = ?', [elder.id])).n;
    await form.getByTestId('sale-version').selectOption(String(riskyFund.id));
    const refusal = form.getByTestId('sale-refusal');
    await refusal.filter({ hasText: '안정형 고객은 위험등급 6(매우 낮은 위험) 상품만 가입할 수 있습니다' }).waitFor();
    expect(await refusal.textContent()).not.toMatch(/STABLE|FUND/);
    expect(await form.getByTestId('sale-submit').isDisabled()).toBe(true);

    // Ineligible: youth savings for a customer over 72.
    await form.getByTestId('sale-version').selectOption(String(youthSavings.id));
    await refusal.filter({ hasText: '가입 대상이 아닙니다' }).filter({ hasText: '만 34세 이하만 가입할 수 있습니다' }).waitFor();
    await form.getByText('가입 대상: 만 19~34세').waitFor();
    expect(await form.getByTestId('sale-submit').isDisabled()).toBe(true);
    expect((await first<{ n: number }>('SELECT COUNT(*) n FROM holding WHERE customer_id = ?', [elder.id])).n).toBe(holdingsBefore);

    // A valid sale; the amount formatted in KRW as typed.
    await form.getByTestId('sale-version').selectOption(String(plainDeposit.id));
    expect(await refusal.count()).toBe(0);
    await form.getByTestId('sale-amount').fill('3000000');
    expect(await form.getByTestId('sale-amount').inputValue()).toBe('3,000,000');
    await form.getByTestId('sale-amount-formatted').filter({ hasText: '3,000,000원' }).waitFor();

    await bk.screenshot('browser-sale-360-form');
    const violations = await axeViolations(page);
    expect(describeViolations('sale form', violations)).toEqual([]);

    await form.getByTestId('sale-submit').click();
    await page.waitForURL(new RegExp(`/resources/Customer/records/${elder.id}/show`));
    await bk.expectNotice('상품 가입이 등록되었습니다.');
    const holdings = page.getByTestId('section-holdings');
    await holdings.locator('tbody tr').filter({ hasText: plainDeposit.name }).filter({ hasText: '3,000,000원' }).first().waitFor();
    const [stored] = await rows<{ amount: number; branch_code: string; opened_on: string; closed_on: string | null }>(
      "SELECT amount, branch_code, DATE_FORMAT(opened_on, '%Y-%m-%d') opened_on, closed_on FROM holding WHERE customer_id = ? AND product_version_id = ? ORDER BY id DESC LIMIT 1",
      [elder.id, plainDeposit.id],
    );
    expect(stored).toEqual({ amount: 3000000, branch_code: bankerBranch, opened_on: kstDate(), closed_on: null });
  } catch (e) {
    await bk.screenshot('browser-sale-360');
    throw e;
  }
});

test('the sale form in English: labels and the refusal reason', async () => {
  const page = bk.page;
  try {
    await bk.open(`/admin/resources/Customer/records/${elder.id}/sell`);
    await page.getByTestId('sale-form').waitFor();
    await switchLanguage(page, 'en');
    const form = page.getByTestId('sale-form');
    await form.getByText('Sell a product (new holding)').waitFor();
    await form.getByTestId('sale-version').selectOption(String(riskyFund.id));
    await form.getByTestId('sale-refusal').filter({ hasText: 'A customer with the Stable propensity may open only products of risk grade 6 (very low risk)' }).waitFor();
  } catch (e) {
    await bk.screenshot('browser-sale-360-en');
    throw e;
  } finally {
    await switchLanguage(page, 'ko').catch(() => undefined);
  }
});

test('personal data is revealed in place on the 360 page (no navigation), audited; events are shown by name', async () => {
  const page = bk.page;
  const [withEvents] = await rows<{ id: number }>(
    "SELECT c.id FROM customer c WHERE c.status = 'ACTIVE' AND c.anonymised_at IS NULL AND EXISTS (SELECT 1 FROM behaviour_event e WHERE e.customer_id = c.id AND e.type = 'app.login') ORDER BY c.id LIMIT 1",
  );
  const id = Number(withEvents!.id);
  try {
    await bk.openRecord('Customer', id);
    await page.getByTestId('customer-360').waitFor();
    const url = page.url();
    const events = page.getByTestId('section-events');
    await events.getByText('앱 로그인').first().waitFor();
    expect(await events.getByText('app.login', { exact: true }).count()).toBe(0);

    const auditBefore = (await first<{ n: number }>("SELECT COUNT(*) n FROM audit_log WHERE action = 'pii.unmask' AND record_id = ?", [String(id)])).n;
    await page.getByTestId('open-unmask').click();
    await page.getByTestId('section-pii').getByTestId('pii-reveal').click();
    await page.getByTestId('pii-clear').waitFor();
    expect(page.url()).toBe(url);
    expect((await first<{ n: number }>("SELECT COUNT(*) n FROM audit_log WHERE action = 'pii.unmask' AND record_id = ?", [String(id)])).n).toBe(auditBefore + 1);
  } catch (e) {
    await bk.screenshot('browser-sale-360-pii');
    throw e;
  }
});
