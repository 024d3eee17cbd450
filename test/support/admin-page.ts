import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { baseUrl, testEnv } from './test-env.js';

/**
 * A staff member's own browser context (own session cookie) on the console,
 * with the few moves a user makes in AdminJS: open a page, fill a form field,
 * pick a value in a (react-select) reference picker, type a date into the
 * date picker, save, run a record action from a record's page.
 */

/** The Korean calendar date `days` from today (YYYY-MM-DD): the console's "today". */
export const kstDate = (days = 0): string => new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class AdminPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly email: string,
  ) {}

  /**
   * Logs in through the real login page in a fresh context. Staff of a Korean
   * bank work in Korean, on Korean time.
   */
  static async login(browser: Browser, email: string, options: { timezoneId?: string } = {}): Promise<AdminPage> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ko-KR', timezoneId: options.timezoneId ?? 'Asia/Seoul' });
    // Generous: the suite shares the machine, and the first page load parses AdminJS's bundles.
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(45_000);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/admin/login`, { waitUntil: 'domcontentloaded' });
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', testEnv.demoPassword);
    await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('form button')]);
    await page.getByTestId('bank-dashboard').waitFor({ timeout: 30_000 });
    return new AdminPage(context, page, email);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** Opens a console path (e.g. `/admin/resources/Product/actions/new`) and waits for the page's content. */
  async open(path: string): Promise<void> {
    await this.page.goto(`${baseUrl()}${path}`, { waitUntil: 'domcontentloaded' });
  }

  /** Opens a resource's `new` form. */
  async openNew(resourceId: string): Promise<void> {
    await this.open(`/admin/resources/${resourceId}/actions/new`);
    await this.page.getByTestId('button-save').waitFor();
  }

  /** Opens a record's show page. */
  async openRecord(resourceId: string, id: number | string): Promise<void> {
    await this.open(`/admin/resources/${resourceId}/records/${id}/show`);
  }

  /** The edit-form section of one property. */
  field(property: string): Locator {
    return this.page.getByTestId(`property-edit-${property}`);
  }

  /** Types into a plain input or textarea of the form. */
  async fill(property: string, value: string): Promise<void> {
    await this.field(property).locator('input, textarea').first().fill(value);
  }

  /**
   * Picks a value in a select (enum or reference): opens the picker, types
   * `search` when given (reference pickers load their options from the
   * server as you type), and clicks the option named `option`.
   */
  async choose(property: string, option: string | RegExp, search?: string): Promise<void> {
    const section = this.field(property);
    const input = section.getByRole('combobox');
    await input.click();
    if (search !== undefined) await input.pressSequentially(search, { delay: 20 });
    // Version pickers append the status ("… v1 · 게시"); a plain label matches with or without it.
    const name = typeof option === 'string' ? new RegExp(`^${escapeRegExp(option)}( · .+)?$`) : option;
    await this.page.getByRole('option', { name }).first().click();
    // The chosen value is shown in the control (react-select's single value).
    await section.locator('[class*="singleValue"]').filter({ hasText: name }).waitFor();
  }

  /** Sets a YYYY-MM-DD date in the form's native date input (admin/components/date-edit.tsx). */
  async date(property: string, ymd: string): Promise<void> {
    const input = this.field(property).locator('input[type="date"]');
    await input.fill(ymd);
    const shown = await input.inputValue();
    if (shown !== ymd) throw new Error(`date field ${property} shows ${shown}, expected ${ymd}`);
  }

  /** Error notices (toasts with the danger variant): a refused save or step. */
  errorNotice(): Locator {
    return this.page
      .getByTestId('notice-wrapper')
      .locator('section')
      .filter({ has: this.page.locator('button[color="danger"]') });
  }

  /** Waits for `url` after a click; an error notice instead fails with its text and the form's field errors. */
  private async expectAccepted(url: RegExp, what: string): Promise<void> {
    const page = this.page;
    // One in-page wait for either outcome: the next page, or a danger notice.
    const settled = await page
      .waitForFunction((source) => new RegExp(source).test(location.href) || !!document.querySelector('[data-testid="notice-wrapper"] button[color="danger"]'), url.source, {
        timeout: 20_000,
      })
      .then(
        () => true,
        () => false,
      );
    if (settled && url.test(page.url())) return;
    const notice = await this.errorNotice()
      .allInnerTexts()
      .catch(() => []);
    const errors = await page
      .locator('form [class*="FormMessage"], form .adminjs_Text')
      .allInnerTexts()
      .catch(() => []);
    const shown = [...new Set([...notice, ...errors].map((t) => t.trim()).filter(Boolean))].join(' | ');
    throw new Error(`${what} was not accepted (${settled ? 'refused' : 'no answer in 20 s'}) on ${page.url()}: ${shown}`);
  }

  /**
   * Clicks 저장 and waits for the record page the console redirects to;
   * returns the saved record's id. A refused save fails with the notice and
   * the field errors shown.
   */
  async save(): Promise<number> {
    const what = `save on ${this.page.url()}`;
    await this.page.getByTestId('button-save').click();
    await this.expectAccepted(/\/records\/\d+\/show/, what);
    return Number(/\/records\/(\d+)\/show/.exec(this.page.url())![1]);
  }

  /** The notice (toast) at the top of the page, once it shows `text`. */
  async expectNotice(text: string | RegExp): Promise<void> {
    await this.page.getByTestId('notice-wrapper').filter({ hasText: text }).waitFor();
  }

  /** Follows a link on the page (e.g. a reference shown on a record page), as a click. */
  async follow(name: string, url: RegExp): Promise<void> {
    await this.page.getByRole('link', { name, exact: true }).first().click();
    await this.page.waitForURL(url);
  }

  /**
   * On the record page being shown, clicks the header button of a lifecycle
   * action (승인 요청, 승인, 게시, ...), which opens its confirmation form
   * (transition-form.tsx).
   */
  async startAction(resourceId: string, id: number, action: string): Promise<Locator> {
    await this.page.waitForURL(new RegExp(`/resources/${resourceId}/records/${id}/show`));
    await this.page.getByTestId(`action-${action}`).first().click();
    await this.page.waitForURL(new RegExp(`/resources/${resourceId}/records/${id}/${action}`));
    const form = this.page.getByTestId('transition-form');
    await form.waitFor();
    return form;
  }

  /** Types the step's comment into the confirmation form. */
  async comment(text: string): Promise<void> {
    await this.page.getByTestId('transition-form').locator('textarea[name="comment"]').fill(text);
  }

  /** Clicks the confirmation form's 확인; waits for the record page the console returns to, with the success notice. */
  async confirmAction(resourceId: string, id: number, notice: string): Promise<void> {
    await this.page.getByTestId('transition-submit').click();
    await this.expectAccepted(new RegExp(`/resources/${resourceId}/records/${id}/show`), `${resourceId} ${id}: ${notice}`);
    await this.expectNotice(notice);
  }

  /** Screenshot into test-results/ (best effort, for failures). */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/${name}.png`, fullPage: true }).catch(() => undefined);
  }
}
