import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { testDb } from './support/db.js';
import { AdminPage, kstDate } from './support/admin-page.js';
import { switchLanguage } from './support/language.js';
import { axeViolations, describeViolations } from './support/axe.js';
import { api, call, must } from './support/console-api.js';
import { logInRoles } from './support/demo-staff.js';
import type { ConsoleClient } from './support/console-client.js';

/**
 * The work queues in Chromium: a compliance officer's landing page lists the
 * product version waiting for approval (with its disclosure), opens it in
 * one click, approves it, and it leaves the inbox; a product manager who
 * opens the approval of their own work, by its URL, is told why not in
 * words, in Korean and in English; what came back rejected waits on the
 * product manager's landing page with the reason.
 */
const run = `BQ${Date.now() % 1e6}`;
let seq = 0;
let browser: Browser;
let db: Connection;
let c: Record<'product' | 'compliance', ConsoleClient>;
const sessions: AdminPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
  c = await logInRoles(['product', 'compliance'] as const);
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

async function as(email: string): Promise<AdminPage> {
  const s = await AdminPage.login(browser, email);
  sessions.push(s);
  return s;
}

/** A savings version with a rate tier and its disclosure, submitted together by the product manager (API). */
async function pendingVersion(): Promise<{ versionId: number; disclosureId: number; label: string }> {
  const code = `${run}-${++seq}`;
  const name = `업무함 적금 ${code}`;
  const p = must(await call(c.product, `${api}/Product/actions/new`, { code, name, type: 'SAVINGS', category: '적금', riskGrade: '6' }), 'product');
  const v = must(await call(c.product, `${api}/ProductVersion/actions/new`, { productId: String(p.params.id), validFrom: kstDate(-1) }), 'version');
  const versionId = Number(v.params.id);
  must(await call(c.product, `${api}/RateTier/actions/new`, { productVersionId: String(versionId), termMonthsMin: '12', amountMin: '0', rateBp: '300' }), 'tier');
  const d = must(
    await call(c.product, `${api}/Disclosure/actions/new`, { productVersionId: String(versionId), title: `${name} 설명서`, body: '금리와 중도해지 불이익을 안내합니다.' }),
    'disclosure',
  );
  must(await call(c.product, `${api}/ProductVersion/records/${versionId}/submit`, { comment: '' }), 'submit');
  return { versionId, disclosureId: Number(d.params.id), label: `${name} v1` };
}

test('compliance: the inbox lists the version with its disclosure, opens it in one click, approves both, and the item leaves the inbox', async () => {
  const { versionId, disclosureId, label } = await pendingVersion();
  const co = await as('compliance@demo.bank');
  try {
    const queue = co.page.getByTestId('queue-versionsToApprove');
    await queue.waitFor();
    const item = queue.getByTestId(`queue-item-ProductVersion-${versionId}`);
    await item.waitFor();
    expect(await item.innerText()).toContain('공시 문안 함께 심의');
    expect(Number(await queue.getAttribute('data-count'))).toBeGreaterThan(0);
    const violations = await axeViolations(co.page);
    expect(describeViolations('dashboard (compliance)', violations)).toEqual([]);

    await item.getByRole('link', { name: new RegExp(label) }).click();
    await co.page.waitForURL(new RegExp(`/ProductVersion/records/${versionId}/approve`));
    const form = co.page.getByTestId('transition-form');
    await form.getByTestId('approval-with-disclosure').waitFor();
    await form.getByLabel('심의필 번호').fill(`준법 ${run}`);
    await form.getByLabel('심의 유효기간 종료일').fill(kstDate(365));
    await form.locator('textarea[name="comment"]').fill('금리표와 설명서 확인');
    expect(describeViolations('approval form', await axeViolations(co.page))).toEqual([]);
    await co.confirmAction('ProductVersion', versionId, '상품 버전을 승인했습니다.');
    const [row] = (await db.query(
      'SELECT v.status vs, d.status ds, d.review_no FROM product_version v JOIN disclosure d ON d.product_version_id = v.id WHERE v.id = ? AND d.id = ?',
      [versionId, disclosureId],
    )) as any[];
    expect(row[0]).toEqual({ vs: 'APPROVED', ds: 'APPROVED', review_no: `준법 ${run}` });

    // Back on the landing page, the item is gone.
    await co.open('/admin');
    await co.page.getByTestId('queue-versionsToApprove').waitFor();
    await expect(co.page.getByTestId(`queue-item-ProductVersion-${versionId}`).count()).resolves.toBe(0);
  } catch (err) {
    await co.screenshot('browser-work-queues-approve-failure');
    throw err;
  }
}, 180_000);

test('maker-checker: the author opening the approval by its URL is told why not, in words, in Korean and English', async () => {
  const { versionId, disclosureId } = await pendingVersion();
  const pm = await as('product@demo.bank');
  try {
    await pm.open(`/admin/resources/ProductVersion/records/${versionId}/approve`);
    const refusal = pm.page.getByTestId('approval-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('본인이 작성하거나 마지막으로 수정한 건은 승인(또는 반려)할 수 없습니다');
    expect(await pm.page.getByTestId('transition-submit').count()).toBe(0);
    expect(await pm.page.locator('body').innerText()).not.toMatch(/\{\{|resourceId|404/);
    expect(describeViolations('approval refused', await axeViolations(pm.page))).toEqual([]);

    await switchLanguage(pm.page, 'en');
    await pm.open(`/admin/resources/Disclosure/records/${disclosureId}/approve`);
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('You wrote or last edited this, so you cannot approve (or reject) it.');
    expect(await pm.page.locator('body').innerText()).not.toMatch(/\{\{|resourceId/);
    await switchLanguage(pm.page, 'ko');
  } catch (err) {
    await pm.screenshot('browser-work-queues-maker-checker-failure');
    throw err;
  }
}, 180_000);

test("product manager: what came back rejected waits on the landing page with the checker's reason", async () => {
  const { versionId, label } = await pendingVersion();
  must(await call(c.compliance, `${api}/ProductVersion/records/${versionId}/reject`, { comment: '우대금리 조건 누락' }), 'reject');
  const pm = await as('product@demo.bank');
  try {
    const item = pm.page.getByTestId('queue-myRejected').getByTestId(`queue-item-ProductVersion-${versionId}`);
    await item.waitFor();
    expect(await item.innerText()).toContain('반려 사유: 우대금리 조건 누락');
    expect(await item.innerText()).toContain('compliance@demo.bank');
    await item.getByRole('link', { name: new RegExp(label) }).click();
    await pm.page.waitForURL(new RegExp(`/ProductVersion/records/${versionId}/show`));
    await pm.page.getByTestId('version-overview').waitFor();
  } catch (err) {
    await pm.screenshot('browser-work-queues-rejected-failure');
    throw err;
  }
}, 180_000);
