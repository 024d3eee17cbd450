import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { AdminPage } from './support/admin-page.js';
import { baseUrl } from './support/test-env.js';
import { axeViolations, axeCounts, describeViolations } from './support/axe.js';
import { recordForeignRequests, wrongLanguageTexts } from './support/page-checks.js';
import { switchLanguage } from './support/language.js';

/**
 * The acceptance crawl: every page and form of the console, in
 * Korean and in English, as roles that together see everything (each role
 * sees other resources and actions; a page already visited by an earlier
 * role is not visited again). On every page:
 * - axe-core finds no critical or serious WCAG 2.1 A/AA violation;
 * - no request goes to another host (closed network);
 * - no text of the other language (data excepted, see page-checks.ts).
 * Axe counts per page are printed, for the closing note. A failure lists
 * every problem found, page by page.
 */

const allRoles = ['admin', 'compliance', 'marketer', 'banker', 'product', 'manager'] as const;
/** CRAWL_ROLES=admin,banker narrows a run while fixing pages; the suite crawls every role. */
const roles = process.env.CRAWL_ROLES ? allRoles.filter((r) => process.env.CRAWL_ROLES!.split(',').includes(r)) : allRoles;
const languages = ['ko', 'en'] as const;
type Lang = (typeof languages)[number];

let browser: Browser;
const visited = new Set<string>();
const counts: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  console.log(`axe critical/serious per page (elements):\n${counts.join('\n')}`);
  await browser?.close();
});

const setLanguage = (context: BrowserContext, lang: Lang) =>
  context.addCookies([{ name: 'bank-crm.lang', value: lang, url: baseUrl(), sameSite: 'Lax', expires: Math.floor(Date.now() / 1000) + 3600 }]);

/**
 * Opens a console path and waits until AdminJS has rendered it and loaded
 * its data: the app is drawn, no loader spins, and the network is quiet
 * (bounded: a page may keep one long request open, e.g. a live count).
 */
async function openPage(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl()}${path}`, { waitUntil: 'domcontentloaded' });
  await page.locator('#app > *').first().waitFor();
  await page.waitForLoadState('networkidle', { timeout: 8_000 }).catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('[data-testid="Loader"]'), undefined, { timeout: 20_000 });
}

/** Runs every check on the page now open; returns the problems found. */
async function checkPage(page: Page, label: string, lang: Lang, foreign: string[]): Promise<string[]> {
  const problems: string[] = [];
  const htmlLang = await page.evaluate(() => document.documentElement.lang);
  if (htmlLang !== lang) problems.push(`${label}: <html lang="${htmlLang}">, expected "${lang}"`);
  const violations = await axeViolations(page);
  const c = axeCounts(violations);
  counts.push(`${label}\tcritical ${c.critical}\tserious ${c.serious}`);
  problems.push(...describeViolations(label, violations));
  for (const text of await wrongLanguageTexts(page, lang)) problems.push(`${label}: text not in ${lang === 'ko' ? 'Korean' : 'English'}: "${text.slice(0, 120)}"`);
  for (const f of foreign.splice(0)) problems.push(`${label}: request to another host: ${f}`);
  return problems;
}

type Discovered = { resources: { id: string; actions: string[] }[]; pages: string[] };

/** What the signed-in role may open, from the page state AdminJS renders for it. */
async function discover(page: Page): Promise<Discovered> {
  return page.evaluate(() => {
    const state = (window as unknown as { REDUX_STATE: { resources: { id: string; resourceActions: { name: string }[] }[]; pages: { name: string }[] } }).REDUX_STATE;
    return {
      resources: state.resources.map((r) => ({ id: r.id, actions: r.resourceActions.map((a) => a.name) })),
      pages: state.pages.map((p) => p.name),
    };
  });
}

/** The first record of a resource's list and the record actions the role may run on it. */
async function firstRecord(context: BrowserContext, resourceId: string): Promise<{ id: string; actions: string[] } | null> {
  const res = await context.request.get(`${baseUrl()}/admin/api/resources/${resourceId}/actions/list`);
  if (!res.ok()) return null;
  const body = (await res.json()) as { records?: { id: string; recordActions: { name: string }[] }[] };
  const r = body.records?.[0];
  return r ? { id: r.id, actions: r.recordActions.map((a) => a.name) } : null;
}

/** The paths this role opens that no earlier role opened (the dashboard: every role's own). */
async function pathsFor(session: AdminPage): Promise<string[]> {
  const found = await discover(session.page);
  const paths = ['/admin'];
  for (const name of found.pages) paths.push(`/admin/pages/${name}`);
  for (const r of found.resources) {
    if (r.actions.includes('list')) paths.push(`/admin/resources/${r.id}/actions/list`);
    if (r.actions.includes('new')) paths.push(`/admin/resources/${r.id}/actions/new`);
    const record = await firstRecord(session.context, r.id);
    if (record?.actions.includes('show')) paths.push(`/admin/resources/${r.id}/records/${record.id}/show`);
    if (record?.actions.includes('edit')) paths.push(`/admin/resources/${r.id}/records/${record.id}/edit`);
  }
  return paths.filter((p) => {
    const key = p === '/admin' ? p : p.replace(/\/records\/[^/]+\//, '/records/:id/');
    if (p !== '/admin' && visited.has(key)) return false;
    visited.add(key);
    return true;
  });
}

test('the login page: accessible, one language, no other host, in both languages', async () => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const foreign = recordForeignRequests(context, baseUrl());
  const page = await context.newPage();
  const problems: string[] = [];
  for (const lang of languages) {
    await setLanguage(context, lang);
    await openPage(page, '/admin/login');
    await page.locator('input[name="email"]').waitFor();
    problems.push(...(await checkPage(page, `[${lang}] login`, lang, foreign)));
  }
  await context.close();
  expect(problems).toEqual([]);
}, 120_000);

test('the language chosen in the top bar survives a reload and a deep link', async () => {
  const session = await AdminPage.login(browser, 'admin@demo.bank');
  try {
    const { page, context } = session;
    await switchLanguage(page, 'en');
    const cookie = (await context.cookies()).find((c) => c.name === 'bank-crm.lang');
    expect(cookie?.value).toBe('en');
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // A record's edit form opened by its address in a new tab renders in English from the first paint.
    const record = await firstRecord(context, 'Staff');
    const deep = await context.newPage();
    const html = await (await deep.goto(`${baseUrl()}/admin/resources/Staff/records/${record!.id}/edit`))!.text();
    expect(html).toMatch(/<html lang="?en/);
    await deep.getByTestId('button-save').waitFor();
    await deep.waitForLoadState('networkidle', { timeout: 8_000 }).catch(() => undefined);
    expect(await wrongLanguageTexts(deep, 'en')).toEqual([]);
    await switchLanguage(deep, 'ko');
    await deep.reload({ waitUntil: 'domcontentloaded' });
    await deep.getByTestId('button-save').waitFor();
    expect(await deep.evaluate(() => document.documentElement.lang)).toBe('ko');
  } finally {
    await session.close();
  }
}, 180_000);

test('keyboard: the first Tab offers the skip link, sidebar groups open with Enter, focus is always visible', async () => {
  const session = await AdminPage.login(browser, 'admin@demo.bank');
  try {
    const { page } = session;
    await openPage(page, '/admin/resources/Customer/actions/list');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ id: document.activeElement?.id, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    expect(first).toEqual({ id: 'bank-skip-link', outline: 'solid' });
    const group = page.locator('[data-css="sidebar"] li > a[role="button"]').first();
    await group.focus();
    const before = await group.getAttribute('aria-expanded');
    await page.keyboard.press('Enter');
    await group.and(page.locator(`[aria-expanded="${before === 'true' ? 'false' : 'true'}"]`)).waitFor();
    expect(await group.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    // Pagination and filter inputs have names in the page's language.
    expect(await page.locator('button[data-testid="next"]').first().getAttribute('aria-label')).toBe('다음 페이지');
  } finally {
    await session.close();
  }
}, 180_000);

describe.each(roles)('every page %s may open', (role) => {
  test('is accessible, in one language, and asks no other host — in Korean and in English', async () => {
    const session = await AdminPage.login(browser, `${role}@demo.bank`);
    const foreign = recordForeignRequests(session.context, baseUrl());
    const problems: string[] = [];
    try {
      const paths = await pathsFor(session);
      for (const lang of languages) {
        await setLanguage(session.context, lang);
        for (const path of paths) {
          try {
            await openPage(session.page, path);
            problems.push(...(await checkPage(session.page, `[${lang}] ${role} ${path}`, lang, foreign)));
          } catch (err) {
            problems.push(`[${lang}] ${role} ${path}: page did not load: ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
    } finally {
      await session.close();
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
