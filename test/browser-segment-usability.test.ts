import type { Browser, Page } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { queries, testDb } from './support/db.js';
import { AdminPage } from './support/admin-page.js';
import { connectBlocks, dropBlock, selectBlock } from './support/segment-canvas-page.js';
import { switchLanguage } from './support/language.js';
import { axeViolations, describeViolations } from './support/axe.js';
import { logIn } from './support/demo-staff.js';
import { api, call } from './support/console-api.js';
import { stamp } from './support/unique.js';

/**
 * The segment builder as a marketer uses it day to day, in Chromium: a new
 * canvas opens with the result in view and no "not connected" nagging; a
 * block is added and attached to a group with the keyboard alone (focus
 * visible); each condition shows how many customers it keeps (checked
 * against the database); publishing 0 customers asks first in an accessible
 * dialog; leaving with unsaved changes asks first; the English canvas says
 * the same problems as the Korean one (no schema paths), with React Flow's
 * controls in the console's language; axe-core finds nothing critical or
 * serious in the builder in either language. Then a segment's member list:
 * masked for the marketer, each customer linked to the 360 page.
 */

let browser: Browser;
let db: Connection;
const { one } = queries(() => db);
const pages: AdminPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

const dbCount = async (where: string) => Number((await one<{ n: number }>(`SELECT COUNT(*) AS n FROM customer c WHERE c.status <> 'WITHDRAWN' AND ${where}`)).n);

/** Waits until block `id` shows `n` kept customers. */
async function expectBlockCount(page: Page, id: string, n: number): Promise<void> {
  await page
    .locator(`[data-node-id="${id}"] [data-testid="node-count"][data-count="${n}"]`)
    .waitFor({ timeout: 20_000 })
    .catch(async () => {
      const shown = await page
        .locator(`[data-node-id="${id}"] [data-testid="node-count"]`)
        .getAttribute('data-count', { timeout: 500 })
        .catch(() => 'nothing');
      throw new Error(`block ${id} shows ${shown}, expected ${n}`);
    });
}

/** Critical and serious axe violations inside the builder (canvas, palette, side panel, toolbar). */
async function builderViolations(page: Page): Promise<string[]> {
  const all = await axeViolations(page);
  const inside = await page.evaluate(
    (targets) =>
      targets.map((t) => {
        try {
          return Boolean(document.querySelector(t)?.closest('[data-testid="segment-builder"]'));
        } catch {
          // Not a selector (axe describes some nodes by their markup): counted, so it is seen.
          return true;
        }
      }),
    all.flatMap((v) => v.targets),
  );
  let i = 0;
  const mine = all.map((v) => ({ ...v, targets: v.targets.filter(() => inside[i++]) })).filter((v) => v.targets.length > 0);
  return describeViolations('segment builder', mine);
}

/** The outline of whatever has focus now (visible focus: a real outline, not none). */
const focusOutline = (page: Page) => page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);

async function newCanvas(marketer: AdminPage, name: string): Promise<number> {
  const page = marketer.page;
  await marketer.openNew('Segment');
  await marketer.fill('name', name);
  await page.getByTestId('button-save').click();
  await page.waitForURL(/\/resources\/Segment\/records\/\d+\/design/);
  await page.getByTestId('segment-canvas').waitFor();
  return Number(/records\/(\d+)\/design/.exec(page.url())![1]);
}

test('a new canvas shows the result in view and no problems; a block is added and attached with the keyboard; every condition shows what it keeps', async () => {
  const marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  pages.push(marketer);
  const page = marketer.page;
  // A narrow window: the result block must still be in view.
  await page.setViewportSize({ width: 1100, height: 1000 });
  try {
    await newCanvas(marketer, `키보드 세그먼트 ${stamp()}`);
    const canvas = (await page.getByTestId('segment-canvas').boundingBox())!;
    const result = (await page.getByTestId('node-audience').boundingBox())!;
    expect(result.x).toBeGreaterThanOrEqual(canvas.x);
    expect(result.x + result.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(await page.getByTestId('compile-errors').count()).toBe(0);
    expect(await page.getByTestId('node-error').count()).toBe(0);
    await page.getByTestId('live-invalid').filter({ hasText: '결과 블록에 연결하면' }).waitFor();
    await page.setViewportSize({ width: 1600, height: 1000 });

    // Keyboard only: Tab to the palette's AND group, Enter adds it; focus moves to its settings.
    await page.getByTestId('palette-and').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('palette-and');
    expect(await focusOutline(page)).not.toBe('none');
    await page.keyboard.press('Enter');
    const and = (await page.locator('[data-testid="node-and"]').first().getAttribute('data-node-id'))!;
    await page.locator(`[data-testid="side-panel"][data-node-id="${and}"]`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('segment-side-panel-title');
    // Not connected yet, but nobody has started connecting: no nagging.
    expect(await page.getByTestId('node-error').count()).toBe(0);
    // "Connect to" with the keyboard: Tab to it, arrow down to the result.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('param-parent');
    expect(await focusOutline(page)).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('param-parent').inputValue()).resolves.toBe('audience');
    // The AND is empty now, and says so (the marketer has started connecting).
    await page.locator(`[data-node-id="${and}"] [data-testid="node-error"]`).first().waitFor();

    // A region condition, added and attached to the AND group without the mouse.
    await page.getByTestId('palette-attribute').focus();
    await page.keyboard.press('Enter');
    const region = (await page.locator('[data-testid="node-attribute"]').first().getAttribute('data-node-id'))!;
    await page.locator(`[data-testid="side-panel"][data-node-id="${region}"]`).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // the result
    await page.keyboard.press('ArrowDown'); // AND 그룹 1
    await expect(page.getByTestId('param-parent').inputValue()).resolves.toBe(and);
    await page.locator(`.react-flow__edge[data-id="e-${region}-${and}"], [data-testid="rf__edge-e-${region}-${and}"]`).first().waitFor();
    await page.getByTestId('param-values-SEOUL').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('param-values-SEOUL').isChecked()).resolves.toBe(true);

    // A second condition with the mouse, SMS consent; each block shows what it keeps.
    const sms = await dropBlock(page, 'attribute', 40, 480);
    await page.getByTestId('param-field').selectOption('consentSms');
    await connectBlocks(page, sms, and);
    const seoul = await dbCount("c.region = 'SEOUL'");
    const consent = await dbCount('c.consent_sms = 1');
    const both = await dbCount("c.region = 'SEOUL' AND c.consent_sms = 1");
    expect(both).toBeLessThan(seoul);
    await expectBlockCount(page, region, seoul);
    await expectBlockCount(page, sms, consent);
    await expectBlockCount(page, and, both);
    await expect(page.locator(`[data-node-id="${region}"] [data-testid="node-count"]`).innerText()).resolves.toBe(`${seoul.toLocaleString('ko-KR')}명 유지`);

    // axe-core: nothing critical or serious in the builder, with a block's settings open, in both languages.
    await selectBlock(page, region);
    expect(await builderViolations(page)).toEqual([]);
    await switchLanguage(page, 'en');
    await page.getByTestId('palette-and').filter({ hasText: 'AND group' }).waitFor();
    expect(await builderViolations(page)).toEqual([]);
    // React Flow's controls speak the console's language.
    expect(await page.locator('.react-flow__controls-zoomin').getAttribute('title')).toBe('Zoom in');
    await expect(page.locator(`[data-node-id="${region}"] [data-testid="node-count"]`).innerText()).resolves.toBe(`keeps ${seoul.toLocaleString('en-US')} customers`);
    await switchLanguage(page, 'ko');
    expect(await page.locator('.react-flow__controls-zoomin').getAttribute('title')).toBe('확대');
  } catch (e) {
    await marketer.screenshot('segment-usability-keyboard-failure');
    throw e;
  }
});

test('the English canvas shows the same problems as the Korean one, never a schema path; event types by name', async () => {
  const marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  pages.push(marketer);
  const page = marketer.page;
  try {
    await newCanvas(marketer, `영문 문제 ${stamp()}`);
    const audience = (await page.getByTestId('node-audience').getAttribute('data-node-id'))!;
    const region = await dropBlock(page, 'attribute', 40, 60);
    await connectBlocks(page, region, audience);
    const problem = page.locator(`[data-node-id="${region}"] [data-testid="node-error"]`);
    await problem.filter({ hasText: '값 (하나 이상 선택): 하나 이상 선택하세요' }).waitFor();
    // An age with a minimum above the maximum: a problem from the definition's own checks.
    const age = await dropBlock(page, 'attribute', 40, 300);
    await page.getByTestId('param-field').selectOption('age');
    await page.getByTestId('param-op').selectOption('between');
    await page.getByTestId('param-min').fill('60');
    await page.getByTestId('param-max').fill('30');
    const event = await dropBlock(page, 'event', 40, 520);
    await page.getByTestId('param-eventType').locator('option', { hasText: '카드 결제' }).first().waitFor({ state: 'attached' });
    await page.getByTestId('param-eventType').selectOption('card.payment');
    await page.locator(`[data-node-id="${event}"] [data-testid="node-summary"]`).filter({ hasText: '카드 결제' }).waitFor();
    const koreanProblems = await page.getByTestId('compile-errors').innerText();

    await switchLanguage(page, 'en');
    await problem.filter({ hasText: 'Values (choose at least one): Choose at least one' }).waitFor();
    await page.locator(`[data-node-id="${event}"] [data-testid="node-summary"]`).filter({ hasText: 'Card payment' }).waitFor();
    await page.getByTestId('param-eventType').locator('option', { hasText: 'Card payment' }).first().waitFor({ state: 'attached' });
    const englishProblems = await page.getByTestId('compile-errors').innerText();
    // As many problems, none of them a raw path or code.
    expect(englishProblems.split('\n').filter(Boolean).length).toBe(koreanProblems.split('\n').filter(Boolean).length);
    for (const text of [englishProblems, koreanProblems, await page.getByTestId('segment-canvas').innerText()]) {
      expect(text).not.toMatch(/(root|definition|graph)\.|children\.\d|\{\{|\bundefined\b/);
    }
    await selectBlock(page, age);
    expect(await page.getByTestId('side-panel').innerText()).not.toMatch(/(root|definition)\./);
    await switchLanguage(page, 'ko');
  } catch (e) {
    await marketer.screenshot('segment-usability-english-failure');
    throw e;
  }
});

test('publishing 0 customers asks first in an accessible dialog; leaving with unsaved changes asks first', async () => {
  const marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  pages.push(marketer);
  const page = marketer.page;
  try {
    const segmentId = await newCanvas(marketer, `빈 세그먼트 ${stamp()}`);
    const audience = (await page.getByTestId('node-audience').getAttribute('data-node-id'))!;
    // A tag nobody has: 0 customers.
    const tags = await dropBlock(page, 'attribute', 40, 60);
    await page.getByTestId('param-field').selectOption('tags');
    await page.getByTestId('param-tag-new').fill(`없는태그${stamp()}`);
    await page.getByTestId('param-tag-new').press('Enter');
    await connectBlocks(page, tags, audience);
    await page.locator('[data-testid="live-audience"][data-state="done"]').waitFor();

    // Unsaved: the page says so, the browser's beforeunload asks, and a console link is held back.
    await page.getByTestId('unsaved-changes').waitFor();
    expect(
      await page.evaluate(() => {
        const e = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      }),
    ).toBe(true);
    // The side bar's 고객 link (its group opened first, as a user would).
    const sidebar = page.locator('[data-css="sidebar"]');
    const link = sidebar.locator('a[href="/admin/resources/Customer"], a[href^="/admin/resources/Customer?"]').first();
    if ((await link.count()) === 0) await sidebar.getByText('고객 관리', { exact: true }).click();
    await link.click();
    const leave = page.getByTestId('leave-dialog');
    await leave.waitFor();
    expect(await leave.getAttribute('role')).toBe('alertdialog');
    await page.getByTestId('leave-dialog-cancel').click();
    await leave.waitFor({ state: 'detached' });
    expect(page.url()).toContain(`/records/${segmentId}/design`);

    // Publishing 0 customers: the dialog says so; focus on "cancel"; Escape cancels and nothing is published.
    await page.getByTestId('publish').click();
    const dialog = page.getByTestId('publish-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('role')).toBe('alertdialog');
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    // The marketer sees birth dates masked, so counts below SEGMENT_MIN_AUDIENCE are never told apart (0 is one of them):
    // the question says "fewer than 10, possibly none". A role with exact counts reads "no customers" (0).
    expect(await page.locator('#publish-dialog-title').innerText()).toBe('대상 고객이 10명 미만입니다');
    expect(await page.locator('#publish-dialog-text').innerText()).toContain('0명일 수도 있습니다');
    expect(await page.getByTestId('publish-dialog-confirm').innerText()).toBe('그래도 게시');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('publish-dialog-cancel');
    expect(await focusOutline(page)).not.toBe('none');
    expect(await builderViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(Number((await one<{ n: number }>('SELECT COUNT(*) AS n FROM segment_version WHERE segment_id = ?', [segmentId])).n)).toBe(0);
    // Asked again and confirmed with the keyboard: published with 0 customers; nothing unsaved any more.
    await page.getByTestId('publish').click();
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('publish-dialog-confirm');
    await page.keyboard.press('Enter');
    await page.getByTestId('canvas-message').filter({ hasText: 'v1 게시 완료' }).waitFor();
    expect(Number((await one<{ n: number }>('SELECT COUNT(*) AS n FROM segment_version WHERE segment_id = ?', [segmentId])).n)).toBe(1);
    await page.getByTestId('unsaved-changes').waitFor({ state: 'detached' });

    // A change, then leaving through the side bar: asked, and leaving goes where the link pointed.
    await selectBlock(page, tags);
    await page.getByTestId('param-tag-new').fill('또다른태그');
    await page.getByTestId('param-tag-new').press('Enter');
    await page.getByTestId('unsaved-changes').waitFor();
    await link.click();
    await leave.waitFor();
    await page.getByTestId('leave-dialog-confirm').click();
    await page.waitForURL(/\/admin\/resources\/Customer(\?|$)/);
  } catch (e) {
    await marketer.screenshot('segment-usability-dialogs-failure');
    throw e;
  }
});

test("a segment's member list: masked for the marketer, paginated, each customer linked to the 360 page", async () => {
  // A published segment of Busan customers (well above the minimum audience).
  const client = await logIn('marketer');
  const created = await call(client, `${api}/Segment/actions/new`, { name: `부산 목록 ${stamp()}`, description: 'members' });
  const segmentId = Number(created.params.id);
  const definition = { schemaVersion: 1, root: { type: 'attribute', field: 'region', op: 'in', values: ['BUSAN'] } };
  const r = await client.request(`/admin/api/segments/${segmentId}/publish`, { method: 'POST', json: { definition } });
  expect(r.status).toBe(200);
  const busan = Number((await one<{ n: number }>('SELECT COUNT(*) AS n FROM segment_membership WHERE segment_id = ?', [segmentId])).n);
  expect(busan).toBeGreaterThan(20);
  const first = await one<{ id: number; name: string }>(
    'SELECT c.id, c.name FROM segment_membership m JOIN customer c ON c.id = m.customer_id WHERE m.segment_id = ? ORDER BY m.customer_id LIMIT 1',
    [segmentId],
  );

  const marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  pages.push(marketer);
  const page = marketer.page;
  try {
    // From the canvas's toolbar to the list.
    await marketer.open(`/admin/resources/Segment/records/${segmentId}/design`);
    await page.getByTestId('open-members').click();
    await page.waitForURL(new RegExp(`/records/${segmentId}/members`));
    await page.locator('[data-testid="segment-members"][data-state="done"]').waitFor();
    await page
      .getByTestId('members-total')
      .filter({ hasText: `대상 고객 ${busan.toLocaleString('ko-KR')}명` })
      .waitFor();
    await page.getByTestId('members-masked-note').waitFor();
    const rows = page.getByTestId('member-row');
    expect(await rows.count()).toBe(20);
    const firstRow = rows.first();
    expect(Number(await firstRow.getAttribute('data-customer-id'))).toBe(Number(first.id));
    const shownName = await firstRow.getByTestId('member-name').innerText();
    expect(shownName).not.toBe(first.name);
    expect(shownName).toContain('*');
    await page
      .getByTestId('members-page')
      .filter({ hasText: `1 / ${Math.ceil(busan / 20)}` })
      .waitFor();
    await page.getByTestId('members-next').click();
    await page
      .getByTestId('members-page')
      .filter({ hasText: `2 / ${Math.ceil(busan / 20)}` })
      .waitFor();
    expect(Number(await rows.first().getAttribute('data-customer-id'))).not.toBe(Number(first.id));
    expect(await builderViolationsOf(page, '[data-testid="segment-members"]')).toEqual([]);
    await page.getByTestId('members-prev').click();
    await page.getByTestId('members-page').filter({ hasText: '1 /' }).waitFor();

    // The customer number leads to the customer's 360 page.
    const link = rows.first().getByTestId('member-link');
    expect(await link.getAttribute('href')).toBe(`/admin/resources/Customer/records/${first.id}/show`);
    await link.click();
    await page.waitForURL(new RegExp(`/admin/resources/Customer/records/${first.id}/show`));
    // The look at the list is in the access log.
    const logged = await one<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'segment.members' AND record_id = ? AND actor_role = 'marketer'", [
      String(segmentId),
    ]);
    expect(Number(logged.n)).toBeGreaterThanOrEqual(3);
  } catch (e) {
    await marketer.screenshot('segment-usability-members-failure');
    throw e;
  }
});

/** Critical and serious axe violations inside `selector`. */
async function builderViolationsOf(page: Page, selector: string): Promise<string[]> {
  const all = await axeViolations(page);
  const inside = await page.evaluate(
    ({ targets, selector }) =>
      targets.map((t) => {
        try {
          return Boolean(document.querySelector(t)?.closest(selector));
        } catch {
          return true;
        }
      }),
    {
      targets: all.flatMap((v) => v.targets),
      selector,
    },
  );
  let i = 0;
  return describeViolations(
    selector,
    all.map((v) => ({ ...v, targets: v.targets.filter(() => inside[i++]) })).filter((v) => v.targets.length > 0),
  );
}
