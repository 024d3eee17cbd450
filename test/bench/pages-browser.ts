/**
 * Headless Chromium for the page benchmark, and one timed page load.
 *
 * test/support/browser.ts and admin-page.ts register jest hooks and read the
 * test environment, so this script has its own minimal launch (the same
 * Debian Chromium and flags) and login (the real login form).
 */
import { chromium, type Browser, type BrowserContext, type Page, type Request, type Response } from 'playwright-core';

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
  /** From the start of the navigation until the network went idle with the content on the page: max(end of the last request, content ready). */
  idleMs: number;
  /** When the content (the page's ready selector, without a loader inside) was first on the page. */
  readyMs: number;
  /** End of the last request. */
  lastRequestMs: number;
  requests: RequestTiming[];
}

/** Playwright's definition of network idle: no request in flight for this long. */
const quietMs = 500;

/**
 * Opens `url` in `page` and waits until its content is rendered and the
 * network is idle. The content is `ready` (a selector) on the page with no
 * AdminJS loader inside it; waiting for it as well matters because pages
 * start requests after network idle as Playwright sees it (the segment
 * canvas counts its audience 600 ms after it renders; a big bundle can take
 * over 500 ms to run before its data request starts). Network idle is as
 * Playwright defines it: no request for 500 ms. The figure is the time from
 * the navigation's start to whichever came last, the content or the end of
 * the last request — without the 500 ms quiet period that only confirms
 * the idle. No request may fail or answer 4xx/5xx.
 */
export async function timedLoad(page: Page, url: string, ready: string, timeoutMs = 60_000): Promise<PageLoad> {
  const requests = new Map<Request, RequestTiming>();
  let t0 = performance.now();
  let lastActivity = 0;
  const now = () => performance.now() - t0;
  const inFlight = () => [...requests.values()].filter((r) => r.end === null).length;
  const onRequest = (r: Request) => {
    lastActivity = now();
    requests.set(r, { url: r.url(), method: r.method(), type: r.resourceType(), start: lastActivity, end: null, status: null });
  };
  const onFinished = (r: Request) => {
    const e = requests.get(r);
    if (!e) return;
    e.end = lastActivity = now();
  };
  const onResponse = (res: Response) => {
    const e = requests.get(res.request());
    if (e) e.status = res.status();
  };
  const onFailed = (r: Request) => {
    const e = requests.get(r);
    if (!e) return;
    e.end = lastActivity = now();
    e.failed = r.failure()?.errorText ?? 'failed';
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    t0 = performance.now();
    const deadline = t0 + timeoutMs;
    const response = await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    if (!response || response.status() !== 200) throw new Error(`HTTP ${response?.status() ?? 'none'} for ${url}`);
    await page
      .waitForFunction(
        (sel) => {
          const el = document.querySelector(sel);
          return !!el && !el.querySelector('[data-testid="Loader"]');
        },
        ready,
        { timeout: Math.max(1, deadline - performance.now()), polling: 'raf' },
      )
      .catch(async (err: Error) => {
        const text = (await page.innerText('body').catch(() => '')).slice(0, 300).replace(/\s+/g, ' ');
        throw new Error(`${ready} not on ${page.url()} after ${now().toFixed(0)} ms (${err.message.split('\n')[0]}): ${text}`);
      });
    const readyMs = now();
    // Network idle: nothing in flight for `quietMs` (checked at short intervals; a condition, not a fixed wait).
    while (inFlight() > 0 || now() - lastActivity < quietMs) {
      if (performance.now() > deadline) throw new Error(`network not idle after ${timeoutMs} ms on ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (/\/admin\/login/.test(page.url())) throw new Error(`redirected to the login page from ${url}`);
    const list = [...requests.values()];
    const bad = list.find((r) => r.failed || (r.status !== null && r.status >= 400));
    if (bad) throw new Error(`${bad.method} ${bad.url} ${bad.failed ?? `HTTP ${bad.status}`} while loading ${url}`);
    const lastRequestMs = Math.max(...list.map((r) => r.end ?? 0));
    return { idleMs: Math.max(readyMs, lastRequestMs), readyMs, lastRequestMs, requests: list };
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onFinished);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
}
