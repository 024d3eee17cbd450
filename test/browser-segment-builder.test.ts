import type { Browser, Page } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { queries, testDb } from './support/db.js';
import { AdminPage } from './support/admin-page.js';
import { connectBlocks, dropBlock, selectBlock } from './support/segment-canvas-page.js';
import { switchLanguage } from './support/language.js';

/**
 * A marketer draws a segment on the canvas in Chromium, as a user would:
 * names it, drags two customer-attribute conditions and an AND group from
 * the palette, sets the parameters in the side panel, connects the blocks
 * into the audience, watches the live count follow (checked against the
 * database), and saves the draft.
 */

let browser: Browser;
let db: Connection;
const { one } = queries(() => db);
let marketer: AdminPage | undefined;
const name = `브라우저 세그먼트 ${Date.now()}`;

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
});

afterAll(async () => {
  await marketer?.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

/** Customers any segment may hold (WITHDRAWN never counts; engine/segments/audience-scope.ts) matching `where`. */
const dbCount = async (where: string) => Number((await one<{ n: number }>(`SELECT COUNT(*) AS n FROM customer c WHERE c.status <> 'WITHDRAWN' AND ${where}`)).n);

/** Waits until the live count shows `n` (formatted with thousands separators). */
async function expectCount(page: Page, n: number): Promise<void> {
  const count = page.getByTestId('live-count');
  await page
    .waitForFunction(
      (expected) =>
        document.querySelector('[data-testid="live-count"]')?.getAttribute('data-count') === expected &&
        document.querySelector('[data-testid="live-audience"]')?.getAttribute('data-state') === 'done',
      String(n),
      { timeout: 20_000 },
    )
    .catch(async () => {
      throw new Error(`live count shows ${await count.getAttribute('data-count').catch(() => 'nothing')}, expected ${n}; ${await page.getByTestId('live-audience').innerText()}`);
    });
  expect(await count.innerText()).toBe(n.toLocaleString('ko-KR'));
  expect(await page.getByTestId('live-exactness').innerText()).toContain('정확한 집계');
}

test('a marketer builds "Seoul AND SMS consent" on the canvas, sees the live count narrow, and saves the draft', async () => {
  const seoul = await dbCount("c.region = 'SEOUL'");
  const both = await dbCount("c.region = 'SEOUL' AND c.consent_sms = 1");
  // The AND must be a real narrowing in the seeded data, or the test proves nothing.
  expect(both).toBeGreaterThan(0);
  expect(both).toBeLessThan(seoul);

  marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  const page = marketer.page;
  try {
    await marketer.openNew('Segment');
    await marketer.fill('name', name);
    await marketer.fill('description', '서울 거주, SMS 수신 동의 고객');
    await page.getByTestId('button-save').click();
    await page.waitForURL(/\/resources\/Segment\/records\/\d+\/design/);
    const segmentId = Number(/records\/(\d+)\/design/.exec(page.url())![1]);
    await page.getByTestId('segment-canvas').waitFor();
    const audience = (await page.getByTestId('node-audience').getAttribute('data-node-id'))!;
    expect(await page.getByTestId('published-version').innerText()).toBe('아직 게시되지 않음');

    // 1. Region in SEOUL, straight into the audience: the count is Seoul's.
    const region = await dropBlock(page, 'attribute', 40, 60);
    // Dropped with no region chosen yet: the block says what is missing.
    const regionError = page.locator(`[data-node-id="${region}"] [data-testid="node-error"]`);
    await regionError.filter({ hasText: '값 (하나 이상 선택): 하나 이상 선택하세요' }).waitFor();
    // The same problem in English once the top bar's language is switched, and in Korean again after.
    await switchLanguage(page, 'en');
    await regionError.filter({ hasText: 'Values (choose at least one): Choose at least one' }).waitFor();
    await switchLanguage(page, 'ko');
    await regionError.filter({ hasText: '하나 이상 선택하세요' }).waitFor();
    await page.getByTestId('param-field').selectOption('region');
    await page.getByTestId('param-values-SEOUL').check();
    // What is left is only that it is not connected yet, which a canvas nobody has started connecting does not nag about.
    await regionError.filter({ hasText: '하나 이상 선택하세요' }).waitFor({ state: 'detached' });
    expect(await regionError.count()).toBe(0);
    await page.getByTestId('live-invalid').filter({ hasText: '결과 블록에 연결하면' }).waitFor();
    await connectBlocks(page, region, audience);
    await expect(page.locator(`[data-node-id="${region}"][data-testid="node-attribute"]`).getAttribute('data-invalid')).resolves.toBe('false');
    await expectCount(page, seoul);

    // 2. SMS consent is true, as a second condition.
    const sms = await dropBlock(page, 'attribute', 40, 420);
    await page.getByTestId('param-field').selectOption('consentSms');
    await expect(page.getByTestId('param-value').inputValue()).resolves.toBe('true');

    // 3. An AND group takes both, and feeds the audience (moving the region block's connection).
    const and = await dropBlock(page, 'and', 290, 240);
    await connectBlocks(page, region, and);
    await connectBlocks(page, sms, and);
    await page.getByTestId('live-invalid').waitFor(); // the audience has no input for a moment
    await connectBlocks(page, and, audience);
    await expectCount(page, both);
    expect(both).toBeLessThan(seoul);
    await page.getByTestId('live-sample').waitFor();
    expect(await page.getByTestId('live-sample').locator('tbody tr').count()).toBe(Math.min(5, both));

    // 4. Undo takes the last connection away, redo puts it back.
    await page.getByTestId('undo').click();
    await page.getByTestId('live-invalid').waitFor();
    await page.getByTestId('redo').click();
    await expectCount(page, both);

    // 5. Save the draft; the server stores the canvas and the compiled definition.
    await selectBlock(page, and);
    await page.getByTestId('save-draft').click();
    await page.getByTestId('canvas-message').filter({ hasText: '초안을 저장했습니다.' }).waitFor();
    const saved = await one<{ draft_graph: unknown; draft_definition: unknown }>('SELECT draft_graph, draft_definition FROM segment WHERE id = ?', [segmentId]);
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(parse(saved.draft_definition)).toEqual({
      schemaVersion: 1,
      root: {
        type: 'and',
        children: [
          { type: 'attribute', field: 'region', op: 'in', values: ['SEOUL'] },
          { type: 'attribute', field: 'consentSms', op: 'is', value: true },
        ],
      },
    });
    expect((parse(saved.draft_graph) as { nodes: unknown[] }).nodes).toHaveLength(4);

    // 6. Reopened, the canvas shows the saved draft with the same count.
    await page.reload();
    await page.getByTestId('segment-canvas').waitFor();
    await expect(page.locator('[data-testid="node-attribute"]').count()).resolves.toBe(2);
    await expectCount(page, both);

    // 7. A tag the data does not have yet can be typed (not with a comma) and is chosen at once.
    const tags = await dropBlock(page, 'attribute', 40, 560);
    await page.getByTestId('param-field').selectOption('tags');
    await page.getByTestId('param-tag-new').fill('봄,캠페인');
    await page.getByTestId('param-tag-problem').filter({ hasText: '쉼표' }).waitFor();
    await expect(page.getByTestId('param-tag-add').isDisabled()).resolves.toBe(true);
    await page.getByTestId('param-tag-new').fill('봄캠페인');
    await page.getByTestId('param-tag-new').press('Enter');
    await expect(page.getByTestId('param-values-봄캠페인').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('param-tag-new').inputValue()).resolves.toBe('');
    await expect(page.locator(`[data-node-id="${tags}"] [data-testid="node-summary"]`).innerText()).resolves.toContain('봄캠페인');
    await page.locator(`[data-node-id="${tags}"] [data-testid="node-error"]`).filter({ hasText: '값 (하나 이상 선택)' }).waitFor({ state: 'detached' });
  } catch (e) {
    await marketer.screenshot('segment-builder-failure');
    throw e;
  }
});
