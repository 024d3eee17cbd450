/**
 * Headless Chromium for the page benchmark, and one timed page load.
 *
 * test/support/browser.ts and admin-page.ts register jest hooks and read the
 * test environment, so this script has its own minimal launch (the same
 * Debian Chromium and flags) and login (the real login form).
 */
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

export async function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A staff member's own context (own session), logged in through the login page, landed on the dashboard. */
export async function loginAs(browser: Browser, baseUrl: string, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/admin/login`, { waitUntil: 'domcontentloaded' });
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('form button')]);
  await page.getByTestId('bank-dashboard').waitFor({ timeout: 60_000 });
  return { context, page };
}

/** One request of a page load, times in ms from the start of the navigation. */
export interface RequestTiming {
  url: string;
  method: string;
  type: string;
  start: number;
  end: number | null;
  status: number | null;
  failed?: string;
}

export interface PageLoad {
  /** From page.goto to the end of the last request (the moment the network went idle). */
  idleMs: number;
  /** page.goto resolved (network idle confirmed: Playwright waits 500 ms without requests after idleMs). */
  confirmedMs: number;
  requests: RequestTiming[];
}

/**
 * Opens `url` in `page` and waits for network idle (no request for 500 ms).
 * The figure is the time from the navigation's start to the end of its last
 * request, i.e. without Playwright's 500 ms quiet period that only confirms
 * the idle. Then `ready` (a selector) must be on the page — the content
 * really rendered, not an error page — and no request may have failed.
 */
export async function timedLoad(page: Page, url: string, ready: string): Promise<PageLoad> {
  const requests = new Map<Request, RequestTiming>();
  let t0 = performance.now();
  const now = () => performance.now() - t0;
  const onRequest = (r: Request) => requests.set(r, { url: r.url(), method: r.method(), type: r.resourceType(), start: now(), end: null, status: null });
  const onFinished = async (r: Request) => {
    const e = requests.get(r);
    if (!e) return;
    e.end = now();
    e.status = (await r.response().catch(() => null))?.status() ?? null;
  };
  const onFailed = (r: Request) => {
    const e = requests.get(r);
    if (!e) return;
    e.end = now();
    e.failed = r.failure()?.errorText ?? 'failed';
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  try {
    t0 = performance.now();
    const response = await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
    const confirmedMs = now();
    if (!response || response.status() !== 200) throw new Error(`HTTP ${response?.status() ?? 'none'} for ${url}`);
    if (/\/admin\/login/.test(page.url())) throw new Error(`redirected to the login page from ${url}`);
    const list = [...requests.values()];
    const bad = list.find((r) => r.failed || (r.status !== null && r.status >= 400));
    if (bad) throw new Error(`${bad.method} ${bad.url} ${bad.failed ?? `HTTP ${bad.status}`} while loading ${url}`);
    const found = await page.locator(ready).count();
    if (!found) throw new Error(`${ready} not on the page after network idle: ${url} (${(await page.innerText('body').catch(() => '')).slice(0, 300).replace(/\s+/g, ' ')})`);
    const ended = list.map((r) => r.end ?? confirmedMs);
    return { idleMs: Math.max(...ended), confirmedMs, requests: list };
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onFinished);
    page.off('requestfailed', onFailed);
  }
}
