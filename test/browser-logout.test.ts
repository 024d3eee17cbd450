import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { testDb } from './support/db.js';
import { baseUrl, testEnv } from './support/test-env.js';

/**
 * The console's own logout (the user menu in the top bar, admin/components/logged-in.tsx)
 * logs out with a POST, since a GET of the logout address no longer does.
 */
let browser: Browser;
let db: Connection;
beforeAll(async () => {
  [browser, db] = await Promise.all([launchChromium(), testDb()]);
});
afterAll(async () => {
  await browser?.close();
  await db?.end();
});

test("the user menu's logout POSTs, ends the session and is audited", async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ko-KR' });
  const page = await context.newPage();
  const logoutRequests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/admin/logout') logoutRequests.push(r.method());
  });
  try {
    await page.goto(`${baseUrl()}/admin/login`);
    await page.fill('input[name="email"]', 'manager2@demo.bank');
    await page.fill('input[name="password"]', testEnv.demoPassword);
    await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('form button')]);
    const [[{ since }]] = (await db.query('SELECT COALESCE(MAX(id), 0) since FROM audit_log')) as any;

    await page.locator('[data-css="logged-in"]').hover({ timeout: 60_000 });
    await Promise.all([page.waitForURL(/\/admin\/login$/), page.getByText('로그아웃', { exact: true }).click()]);
    expect(logoutRequests).toEqual(['POST']);

    const [rows] = await db.query("SELECT actor_email FROM audit_log WHERE id > ? AND action = 'logout'", [since]);
    expect(rows).toEqual([{ actor_email: 'manager2@demo.bank' }]);
    // The session is gone: the console sends the browser back to the login page.
    await page.goto(`${baseUrl()}/admin`);
    await page.waitForURL(/\/admin\/login$/);
  } finally {
    await context.close();
  }
});
