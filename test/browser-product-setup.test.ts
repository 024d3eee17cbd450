import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { testDb } from './support/db.js';
import { AdminPage, kstDate } from './support/admin-page.js';
import { axeViolations, describeViolations } from './support/axe.js';
import { api, call, must } from './support/console-api.js';
import { logIn } from './support/demo-staff.js';

/**
 * Product setup in one place, in Chromium: from the product page a product
 * manager adds the next version (pre-filled from the latest one: product,
 * valid-from, conditions, eligibility), adds its rate tier in percent and
 * its disclosure from the version page's buttons (pre-filled with the
 * version), and submits both at once; compliance approves both from the
 * inbox with the review number; the product manager publishes.
 */
const run = Date.now() % 1e8;
const code = `PS-${run}`;
const productName = `청년 도약 적금 ${code}`;
let browser: Browser;
let db: Connection;
const sessions: AdminPage[] = [];
let productId: number;

const rows = async <T>(sql: string, args: unknown[] = []): Promise<T[]> => (await db.query(sql, args))[0] as T[];

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
  // The product and a first version (the one the next is copied from), as the product manager would have made them.
  const pmApi = await logIn('product');
  const p = must(await call(pmApi, `${api}/Product/actions/new`, { code, name: productName, type: 'SAVINGS', category: '적금', riskGrade: '6' }), 'product');
  productId = Number(p.params.id);
  must(
    await call(pmApi, `${api}/ProductVersion/actions/new`, {
      productId: String(productId),
      validFrom: kstDate(-30),
      conditions: '월 70만원 한도, 5년 만기',
      minAge: '19',
      maxAge: '34',
    }),
    'v1',
  );
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

test('add a version pre-filled, its rate tier in percent and its disclosure, one submit, approval from the inbox, publish', async () => {
  const pm = await AdminPage.login(browser, 'product@demo.bank');
  sessions.push(pm);
  let current = pm;
  try {
    // ---- The product page: "add a version", pre-filled from v1.
    await pm.openRecord('Product', productId);
    const overview = pm.page.getByTestId('product-overview');
    await overview.getByTestId('version-1-eligibility').filter({ hasText: '만 19~34세' }).waitFor();
    await overview.getByTestId('product-add-version').click();
    await pm.page.waitForURL(/\/ProductVersion\/actions\/new\?/);
    await pm.page.getByTestId('button-save').waitFor();
    await pm.field('productId').locator('[class*="singleValue"]').filter({ hasText: productName }).waitFor();
    expect(await pm.field('validFrom').locator('input').inputValue()).toBe(kstDate(0));
    expect(await pm.field('conditions').locator('textarea').inputValue()).toBe('월 70만원 한도, 5년 만기');
    expect(await pm.field('minAge').locator('input').inputValue()).toBe('19');
    expect(await pm.field('maxAge').locator('input').inputValue()).toBe('34');
    // The design system's checkbox is drawn over its input: a user clicks the label.
    await pm.field('eligibleRegions').getByText('서울', { exact: true }).click();
    expect(await pm.field('eligibleRegions').getByLabel('서울').isChecked()).toBe(true);
    const versionId = await pm.save();

    // ---- The version page: eligibility, setup buttons.
    const page = pm.page.getByTestId('version-overview');
    await page.getByTestId('version-eligibility').filter({ hasText: '만 19~34세, 거주 지역 SEOUL' }).waitFor();
    expect(describeViolations('version page', await axeViolations(pm.page))).toEqual([]);
    await page.getByTestId('version-add-tier').click();
    await pm.page.waitForURL(/\/RateTier\/actions\/new\?productVersionId=/);
    await pm.page.getByTestId('button-save').waitFor();
    await pm
      .field('productVersionId')
      .locator('[class*="singleValue"]')
      .filter({ hasText: `${productName} v2` })
      .waitFor();
    await pm.fill('termMonthsMin', '12');
    await pm.fill('termMonthsMax', '60');
    await pm.fill('amountMin', '10000');
    expect(await pm.field('amountMin').locator('input').inputValue()).toBe('10,000');
    await pm.fill('amountMax', '700000');
    await pm.fill('rateBp', '4.35');
    await pm.field('rateBp').getByText('저장 값 435bp').waitFor();
    await pm.save();
    // The tier's page: the rate in percent, the amounts in won.
    await pm.page.getByText('4.35%').first().waitFor();
    const shown = await pm.page.locator('body').innerText();
    expect(shown).toContain('4.35%');
    expect(shown).toContain('700,000원');
    const [tier] = await rows<{ rate_bp: number; amount_min: number }>('SELECT rate_bp, amount_min FROM product_rate_tier WHERE product_version_id = ?', [versionId]);
    expect(tier).toEqual({ rate_bp: 435, amount_min: 10000 });

    await pm.openRecord('ProductVersion', versionId);
    await page.getByTestId('version-rates').getByText('4.35%').waitFor();
    await page.getByTestId('version-add-disclosure').click();
    await pm.page.waitForURL(/\/Disclosure\/actions\/new\?productVersionId=/);
    await pm.page.getByTestId('button-save').waitFor();
    await pm.fill('title', `${productName} 상품설명서`);
    await pm.fill('body', '만 19~34세 청년이 가입할 수 있는 적금입니다. 중도해지 시 약정 금리보다 낮은 금리가 적용됩니다.');
    const disclosureId = await pm.save();

    // ---- One submit for both.
    await pm.openRecord('ProductVersion', versionId);
    await page.getByTestId('version-submit').click();
    await pm.page.waitForURL(new RegExp(`/ProductVersion/records/${versionId}/submit`));
    await pm.page.getByTestId('transition-form').waitFor();
    await pm.confirmAction('ProductVersion', versionId, '승인을 요청했습니다.');
    const status = async () =>
      (await rows<{ vs: string; ds: string }>('SELECT v.status vs, d.status ds FROM product_version v JOIN disclosure d ON d.id = ? WHERE v.id = ?', [disclosureId, versionId]))[0];
    expect(await status()).toEqual({ vs: 'PENDING_APPROVAL', ds: 'PENDING_REVIEW' });

    // ---- Compliance: from the inbox, both approved with the review number.
    const co = await AdminPage.login(browser, 'compliance@demo.bank');
    sessions.push(co);
    current = co;
    await co.page.getByTestId(`queue-item-ProductVersion-${versionId}`).getByRole('link').click();
    await co.page.waitForURL(new RegExp(`/ProductVersion/records/${versionId}/approve`));
    const form = co.page.getByTestId('transition-form');
    await form.getByLabel('심의필 번호').fill(`준법심의 ${run}호`);
    await form.getByLabel('심의 유효기간 종료일').fill(kstDate(365));
    await co.confirmAction('ProductVersion', versionId, '상품 버전을 승인했습니다.');
    expect(await status()).toEqual({ vs: 'APPROVED', ds: 'APPROVED' });

    // ---- The product manager publishes; the product page shows v2 on sale with its rate and eligibility.
    current = pm;
    await pm.openRecord('ProductVersion', versionId);
    await pm.startAction('ProductVersion', versionId, 'publish');
    await pm.confirmAction('ProductVersion', versionId, '상품 버전을 게시했습니다.');
    expect((await status())!.vs).toBe('PUBLISHED');
    await pm.openRecord('Product', productId);
    await overview.getByTestId('version-2-status').filter({ hasText: '게시' }).waitFor();
    expect(await overview.getByTestId('version-2').innerText()).toContain('4.35%');
    expect(await overview.getByTestId('version-2').innerText()).toContain(`준법심의 ${run}호`);
  } catch (err) {
    await current.screenshot('browser-product-setup-failure');
    throw err;
  }
}, 240_000);
