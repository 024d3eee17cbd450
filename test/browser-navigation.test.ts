import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { baseUrl, testEnv } from './support/test-env.js';
import { switchLanguage } from './support/language.js';

/**
 * Each role logs in through the real login page in headless Chromium and
 * sees the navigation it is entitled to, in Korean.
 */
const catalogue = ['상품', '상품 버전', '금리 구간', '공시 문안'];
const segments = ['세그먼트', '세그먼트 버전'];
const allEntries = ['고객', '보유 상품', '상담 이력', '행동 이벤트', '영업점', ...catalogue, ...segments, '직원', '감사 로그'];
const expected: Record<string, string[]> = {
  admin: ['고객', '보유 상품', '행동 이벤트', '영업점', ...catalogue, ...segments, '직원', '감사 로그'],
  marketer: ['고객', '보유 상품', '행동 이벤트', '영업점', ...catalogue, ...segments],
  compliance: ['고객', '보유 상품', '상담 이력', '행동 이벤트', '영업점', ...catalogue, ...segments, '직원', '감사 로그'],
  manager: ['고객', '보유 상품', '상담 이력', '행동 이벤트', '영업점', ...catalogue, ...segments, '직원'],
  banker: ['고객', '보유 상품', '상담 이력', '행동 이벤트', '영업점', ...catalogue],
  product: ['보유 상품', '영업점', ...catalogue],
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test.each(Object.keys(expected))(
  '%s logs in and sees their Korean navigation',
  async (role) => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ko-KR' });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl()}/admin/login`);
      await page.fill('input[name="email"]', `${role}@demo.bank`);
      await page.fill('input[name="password"]', testEnv.demoPassword);
      await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('form button')]);
      // The landing page is the bank's dashboard, greeting the staff member in Korean.
      await page.getByTestId('bank-dashboard').getByText('님, 안녕하세요').waitFor({ timeout: 60_000 });
      const sidebar = page.locator('[data-css="sidebar"]');
      await sidebar.getByText('고객 관리').waitFor({ timeout: 30_000 });
      // Groups start collapsed: open each one, as a user would.
      for (const group of ['고객 관리', '상품 관리', '마케팅', '시스템 관리']) {
        const header = sidebar.getByText(group, { exact: true });
        if (await header.count()) await header.click();
      }
      await sidebar.getByText(expected[role]![0]!, { exact: true }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: `test-results/navigation-${role}.png` });
      const links = (await sidebar.locator('a').allInnerTexts()).map((t) => t.trim());
      for (const entry of allEntries) {
        expect([entry, links.includes(entry)]).toEqual([entry, expected[role]!.includes(entry)]);
      }
      // Navigation groups are Korean too.
      await expect(sidebar.getByText('고객 관리').count()).resolves.toBeGreaterThan(0);
      await expect(sidebar.getByText('시스템 관리').count()).resolves.toBe(expected[role]!.includes('직원') ? 1 : 0);
      await expect(sidebar.getByText('마케팅', { exact: true }).count()).resolves.toBe(expected[role]!.includes('세그먼트') ? 1 : 0);
    } catch (err) {
      await page.screenshot({ path: `test-results/navigation-${role}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  },
  90_000,
);

test('English is selectable in the top bar and stays chosen across page loads, until Korean is chosen again', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ko-KR' });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl()}/admin/login`);
    await page.fill('input[name="email"]', 'marketer@demo.bank');
    await page.fill('input[name="password"]', testEnv.demoPassword);
    await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('form button')]);
    const sidebar = page.locator('[data-css="sidebar"]');
    await sidebar.getByText('고객 관리').waitFor({ timeout: 60_000 });

    await switchLanguage(page, 'en');
    await sidebar.getByText('Customer management', { exact: true }).waitFor();
    await page.getByTestId('bank-dashboard').getByText('Hello, ').waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');

    // A new page load (and another page of the console) keeps English.
    await page.goto(`${baseUrl()}/admin/resources/Customer`);
    await sidebar.getByText('Customer management', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(sidebar.getByText('고객 관리').count()).resolves.toBe(0);

    await switchLanguage(page, 'ko');
    await page.reload();
    await sidebar.getByText('고객 관리', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('ko');
  } catch (err) {
    await page.screenshot({ path: 'test-results/navigation-language.png', fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}, 90_000);
