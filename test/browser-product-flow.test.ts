import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { testDb } from './support/db.js';
import { AdminPage, kstDate } from './support/admin-page.js';

/**
 * The catalogue's maker-checker flow end to end in Chromium, each person in
 * their own browser session, through the real forms and buttons:
 * a product manager drafts a product version (product, version, rate tier,
 * disclosure) and asks for review, a compliance officer approves the
 * disclosure (review number and validity) and the version, the product
 * manager publishes it, and a banker sells it to a customer and sees it on
 * the customer's 360 page.
 */

const run = Date.now();
const code = `BT-${run % 1e9}`;
const productName = `브라우저 정기예금 ${code}`;
const versionLabel = `${productName} v1`;
const disclosureTitle = `${productName} 상품설명서`;
const reviewNo = `준법심의 ${kstDate().slice(0, 4)}-${run % 1e5}호`;

let browser: Browser;
let db: Connection;
const staffId: Record<string, number> = {};
let customer: { id: number; customerNo: string };
const sessions: AdminPage[] = [];
/** Ids of what the flow created, for the follow-up checks. */
const created: { productId?: number; versionId?: number; disclosureId?: number; holdingId?: number; today?: string } = {};

const rows = async <T>(sql: string, args: unknown[] = []): Promise<T[]> => (await db.query(sql, args))[0] as T[];

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
  for (const s of await rows<{ id: number; email: string }>("SELECT id, email FROM staff WHERE email IN ('product@demo.bank', 'compliance@demo.bank', 'banker@demo.bank')")) {
    staffId[s.email.split('@')[0]!] = Number(s.id);
  }
  // An ACTIVE demo customer, not withdrawn nor anonymised: anyone may be sold a deposit.
  const [c] = await rows<{ id: number; customer_no: string }>(
    "SELECT id, customer_no FROM customer WHERE status = 'ACTIVE' AND anonymised_at IS NULL AND customer_no LIKE 'C00%' ORDER BY id LIMIT 1 OFFSET 7",
  );
  customer = { id: Number(c!.id), customerNo: c!.customer_no };
});

afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

async function as(email: string): Promise<AdminPage> {
  const session = await AdminPage.login(browser, email);
  sessions.push(session);
  return session;
}

test('product manager drafts, compliance approves, product manager publishes, banker sells it and sees it on the 360 page', async () => {
  const today = kstDate();
  created.today = today;
  // Three people, three browsers (own sessions), logged in side by side.
  const [pm, co, bk] = await Promise.all([as('product@demo.bank'), as('compliance@demo.bank'), as('banker@demo.bank')]);
  let current = pm;
  try {
    // ---- 1. Product manager: product, version draft, rate tier, disclosure; asks for review.
    await pm.openNew('Product');
    await pm.fill('code', code);
    await pm.fill('name', productName);
    await pm.choose('type', '예금');
    await pm.fill('category', '정기예금');
    await pm.choose('riskGrade', /^6등급/);
    await pm.fill('summary', '브라우저 시험용 정기예금');
    const productId = (created.productId = await pm.save());
    await pm.expectNotice('정상적으로 등록되었습니다.');
    const overview = pm.page.getByTestId('product-overview');
    await overview.getByText('등록된 버전이 없습니다.').waitFor();

    await pm.openNew('ProductVersion');
    await pm.choose('productId', productName, code);
    await pm.date('validFrom', today);
    await pm.fill('conditions', '1년 만기, 최소 100만원');
    const versionId = (created.versionId = await pm.save());
    await pm.page.getByText(versionLabel).first().waitFor();

    await pm.openNew('RateTier');
    await pm.choose('productVersionId', versionLabel, code);
    await pm.fill('termMonthsMin', '1');
    await pm.fill('termMonthsMax', '12');
    await pm.fill('amountMin', '1000000');
    // Rates are typed in percent (stored as 350 bp).
    await pm.fill('rateBp', '3.5');
    await pm.save();

    await pm.openNew('Disclosure');
    await pm.choose('productVersionId', versionLabel, code);
    await pm.fill('title', disclosureTitle);
    await pm.fill('body', '이 예금은 예금자보호법에 따라 1인당 최고 1억원까지 보호됩니다. 중도해지 시 약정 금리보다 낮은 금리가 적용됩니다.');
    const disclosureId = (created.disclosureId = await pm.save());

    // The disclosure's page (where the save landed): 심의 요청; then on to its version: 승인 요청.
    await pm.startAction('Disclosure', disclosureId, 'submit');
    await pm.comment('신규 예금 상품설명서 심의 요청');
    await pm.confirmAction('Disclosure', disclosureId, '심의를 요청했습니다.');
    await pm.follow(versionLabel, new RegExp(`/ProductVersion/records/${versionId}/show`));
    await pm.startAction('ProductVersion', versionId, 'submit');
    await pm.confirmAction('ProductVersion', versionId, '승인을 요청했습니다.');

    // ---- 2. Compliance: approves the disclosure with its review number and validity, then the version.
    current = co;
    await co.openRecord('Disclosure', disclosureId);
    const review = await co.startAction('Disclosure', disclosureId, 'approve');
    await review.getByText('심의필 번호').waitFor();
    await review.locator('input[name="reviewNo"]').fill(reviewNo);
    await review.locator('input[name="reviewValidFrom"]').fill(today);
    await review.locator('input[name="reviewValidTo"]').fill(kstDate(365));
    await co.confirmAction('Disclosure', disclosureId, '공시 문안을 승인했습니다.');
    await co.follow(versionLabel, new RegExp(`/ProductVersion/records/${versionId}/show`));
    await co.startAction('ProductVersion', versionId, 'approve');
    await co.comment('금리표와 공시 문안 확인');
    await co.confirmAction('ProductVersion', versionId, '상품 버전을 승인했습니다.');

    // ---- 3. Product manager publishes; the product page shows v1 on sale and the whole history.
    current = pm;
    await pm.openRecord('ProductVersion', versionId);
    await pm.startAction('ProductVersion', versionId, 'publish');
    await pm.confirmAction('ProductVersion', versionId, '상품 버전을 게시했습니다.');
    await pm.follow(productName, new RegExp(`/Product/records/${productId}/show`));
    await overview.getByTestId('version-1-status').filter({ hasText: '게시' }).waitFor();
    await expect(overview.getByTestId('version-1-status').innerText()).resolves.toBe('게시');
    await expect(overview.getByTestId('version-1').innerText()).resolves.toContain('3.50%');
    await expect(overview.getByTestId('version-1').innerText()).resolves.toContain(reviewNo);
    const history = overview.getByTestId('product-transitions');
    await history.getByText('상태 변경 이력').waitFor();
    // Columns: 일시, 대상, 이전 상태, 변경 후 상태, 처리자, 의견.
    const steps = await history.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
    const moves = steps.map(([, subject, from, to, actor]) => `${subject}: ${from} → ${to} (${actor})`).sort();
    expect(moves).toEqual(
      [
        '공시 문안 v1 r1: - → 초안 (product@demo.bank)',
        '공시 문안 v1 r1: 심의중 → 승인 (compliance@demo.bank)',
        '공시 문안 v1 r1: 초안 → 심의중 (product@demo.bank)',
        'v1: - → 초안 (product@demo.bank)',
        'v1: 승인 → 게시 (product@demo.bank)',
        'v1: 승인대기 → 승인 (compliance@demo.bank)',
        'v1: 초안 → 승인대기 (product@demo.bank)',
      ].sort(),
    );
    // The checker's notes are kept with the steps: the review number, the approval comment.
    const comments = steps.map((cells) => cells[5]).join('\n');
    expect(comments).toContain(reviewNo);
    expect(comments).toContain('금리표와 공시 문안 확인');
    expect(comments).toContain('신규 예금 상품설명서 심의 요청');

    // ---- 4. Banker sells the new deposit to a customer and sees it on the customer's 360 page.
    current = bk;
    await bk.openNew('Holding');
    await bk.choose('customerId', customer.customerNo, customer.customerNo);
    await bk.choose('productVersionId', versionLabel, code);
    await bk.fill('amount', '5000000');
    await bk.date('openedOn', today);
    created.holdingId = await bk.save();
    await bk.expectNotice('정상적으로 등록되었습니다.');
    // From the new holding's page to its customer (the 360 view).
    await bk.follow(customer.customerNo, new RegExp(`/Customer/records/${customer.id}/show`));
    await bk.page.getByTestId('customer-360').waitFor();
    const holdings = bk.page.getByTestId('section-holdings');
    await holdings.getByText('보유 상품', { exact: true }).waitFor();
    const row = holdings.locator('tbody tr').filter({ hasText: productName });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(`${productName} (예금)`);
    expect(rowText).toContain('v1');
    expect(rowText).toContain('5,000,000원');
    await bk.screenshot('browser-product-flow-360');

    // ---- What was stored: published by the maker, approved by the checker, sold by the banker.
    const [version] = await rows<{ status: string; author_id: number; approved_by: number; published_at: Date | null }>(
      'SELECT status, author_id, approved_by, published_at FROM product_version WHERE id = ?',
      [versionId],
    );
    expect(version).toMatchObject({ status: 'PUBLISHED', author_id: staffId.product, approved_by: staffId.compliance });
    expect(version!.published_at).not.toBeNull();
    const [disclosure] = await rows<{ status: string; review_no: string; approved_by: number }>('SELECT status, review_no, approved_by FROM disclosure WHERE id = ?', [
      disclosureId,
    ]);
    expect(disclosure).toMatchObject({ status: 'APPROVED', review_no: reviewNo, approved_by: staffId.compliance });
    const holdingsStored = await rows<{ id: number; customer_id: number; product_id: number; product_version_id: number; sold_by_staff_id: number; amount: number }>(
      'SELECT id, customer_id, product_id, product_version_id, sold_by_staff_id, amount FROM holding WHERE product_version_id = ?',
      [versionId],
    );
    expect(holdingsStored).toEqual([
      { id: created.holdingId, customer_id: customer.id, product_id: productId, product_version_id: versionId, sold_by_staff_id: staffId.banker, amount: 5000000 },
    ]);
  } catch (err) {
    await current.screenshot('browser-product-flow-failure');
    throw err;
  }
}, 120_000);

/**
 * The dates typed into the forms above, by staff on Korean time (the
 * browsers run in Asia/Seoul), are the dates stored: the version is valid
 * from the day typed and the holding was opened on the day typed.
 */
test('dates typed into the date pickers on Korean time are stored as typed', async () => {
  if (!created.versionId || !created.holdingId) throw new Error('the product flow above did not complete; nothing to check');
  const [version] = await rows<{ valid_from: string }>("SELECT DATE_FORMAT(valid_from, '%Y-%m-%d') valid_from FROM product_version WHERE id = ?", [created.versionId]);
  const [holding] = await rows<{ opened_on: string }>("SELECT DATE_FORMAT(opened_on, '%Y-%m-%d') opened_on FROM holding WHERE id = ?", [created.holdingId]);
  expect({ versionValidFrom: version!.valid_from, holdingOpenedOn: holding!.opened_on }).toEqual({ versionValidFrom: created.today, holdingOpenedOn: created.today });
});
