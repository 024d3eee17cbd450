import { chromium, type Browser } from 'playwright-core';

/**
 * Content-Security-Policy violations reported by any page of a browser
 * launched here (the console must work under its policy): every test of a
 * file that uses the browser ends with none, or fails naming them.
 */
const cspViolations: string[] = [];
afterEach(() => {
  const seen = cspViolations.splice(0);
  if (seen.length) throw new Error(`Content-Security-Policy violations in the browser: ${seen.join(' | ')}`);
});

/** Debian's Chromium, headless, with the flags this machine's closed network needs. Never downloads a browser. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  // Every context (also browser.newPage's) reports the pages' securitypolicyviolation events.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.exposeBinding('__cspViolation', ({ page }, what: string) => {
      cspViolations.push(`${what} on ${page.url()}`);
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation(what: string): void }).__cspViolation(
          `${e.effectiveDirective} refused ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`,
        );
      });
    });
    return context;
  };
  return browser;
}
