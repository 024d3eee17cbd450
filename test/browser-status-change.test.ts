import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { testDb } from './support/db.js';
import { AdminPage } from './support/admin-page.js';
import { axeViolations, describeViolations } from './support/axe.js';

/**
 * A customer's status change in Chromium, as a banker: no target is
 * preselected, the reason is required and its error shows under it, and a
 * withdrawal (final) shows a warning and needs the customer number typed
 * again before it can be confirmed.
 */

let browser: Browser;
let db: Connection;
let bk: AdminPage;

const rows = async <T>(sql: string, args: unknown[] = []): Promise<T[]> => (await db.query(sql, args))[0] as T[];

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
  bk = await AdminPage.login(browser, 'banker@demo.bank');
});

afterAll(async () => {
  await bk?.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

test('the reason is required and its error appears under it; a withdrawal needs a warning and a second confirmation', async () => {
  const [c] = await rows<{ id: number; customer_no: string }>(
    "SELECT id, customer_no FROM customer WHERE customer_no LIKE 'C%' AND status = 'ACTIVE' AND anonymised_at IS NULL ORDER BY id DESC LIMIT 1 OFFSET 11",
  );
  const id = Number(c!.id);
  const page = bk.page;
  try {
    await bk.openRecord('Customer', id);
    await page.getByTestId('customer-360').waitFor();
    await page.getByRole('button', { name: '상태 변경' }).click();
    await page.waitForURL(new RegExp(`/resources/Customer/records/${id}/changeStatus`));
    const form = page.getByTestId('transition-form');
    await form.waitFor();

    // Nothing preselected.
    expect(await form.getByTestId('transition-status').inputValue()).toBe('');
    // The reason is marked required, and its error appears under it.
    await form.getByTestId('transition-status').selectOption('DORMANT');
    await form.getByTestId('transition-submit').click();
    const reasonError = form.getByTestId('transition-comment-error');
    await reasonError.filter({ hasText: '변경 사유를 입력하세요' }).waitFor();
    expect(await form.getByTestId('transition-comment').getAttribute('aria-describedby')).toBe(await reasonError.getAttribute('id'));
    const reasonBox = await form.getByTestId('transition-comment').boundingBox();
    const errorBox = await reasonError.boundingBox();
    expect(errorBox!.y).toBeGreaterThan(reasonBox!.y);
    expect((await rows<{ status: string }>('SELECT status FROM customer WHERE id = ?', [id]))[0]!.status).toBe('ACTIVE');

    // Withdrawal: a warning, and the customer number typed again before it can be confirmed.
    await form.getByTestId('transition-status').selectOption('WITHDRAWN');
    await form.getByTestId('withdrawal-warning').filter({ hasText: '되돌릴 수 없습니다' }).waitFor();
    await form.getByTestId('transition-comment').fill('본인 요청 해지');
    expect(await form.getByTestId('transition-submit').isDisabled()).toBe(true);
    await form.getByTestId('transition-confirm-withdrawal').fill('C9999999');
    expect(await form.getByTestId('transition-submit').isDisabled()).toBe(true);
    await form.getByTestId('transition-confirm-withdrawal').fill(c!.customer_no);
    expect(describeViolations('status form', await axeViolations(page))).toEqual([]);
    await form.getByTestId('transition-submit').click();
    await page.waitForURL(new RegExp(`/resources/Customer/records/${id}/show`));
    await bk.expectNotice(/변경되었습니다/);
    expect((await rows<{ status: string }>('SELECT status FROM customer WHERE id = ?', [id]))[0]!.status).toBe('WITHDRAWN');
  } catch (e) {
    await bk.screenshot('browser-status-change');
    throw e;
  }
});
