import type { Browser, Page } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { queries, testDb } from './support/db.js';
import { AdminPage } from './support/admin-page.js';
import { connectBlocks, dropBlock, publishConfirmed, selectBlock } from './support/segment-canvas-page.js';

/**
 * A marketer builds "Seoul AND logged in through the mobile app in the last
 * 30 days" on the canvas in Chromium, with the event's property filter set in
 * the side panel, undoes and redoes it from the keyboard, sees the live count
 * equal the database's, publishes version 1 and finds it stored with its
 * members; the published version opens read-only. A compliance officer sees
 * the same canvas read-only.
 */

let browser: Browser;
let db: Connection;
const { one } = queries(() => db);
const pages: AdminPage[] = [];
let segmentId = 0;

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

/** Customers any segment may hold (WITHDRAWN never counts) in Seoul with an app.login in the last 30 days whose channel is `channel`. */
const seoulLoginCount = async (channel?: string) =>
  Number(
    (
      await one<{ n: number }>(
        `SELECT COUNT(*) AS n FROM customer c WHERE c.status <> 'WITHDRAWN' AND c.region = 'SEOUL' AND c.id IN (
     SELECT e.customer_id FROM behaviour_event e WHERE e.type = 'app.login' AND e.occurred_at >= UTC_TIMESTAMP(3) - INTERVAL 30 DAY
       ${channel === undefined ? '' : "AND JSON_VALUE(e.properties, '$.channel') = ?"})`,
        channel === undefined ? [] : [channel],
      )
    ).n,
  );

/** SEGMENT_MIN_AUDIENCE (default): below it a marketer's live count is coarsened. */
const minAudience = 10;
/** A member count as a marketer reads it. */
const shownAs = (n: number) => (n >= minAudience ? n.toLocaleString('ko-KR') : `${minAudience}명 미만`);

/**
 * Waits until the live count equals the database's count (or, below the minimum audience, says "fewer than 10"), asked again at
 * every look (the 30-day window moves while the test runs); returns it.
 */
async function expectLiveCount(page: Page, dbCount: () => Promise<number>): Promise<number> {
  const deadline = Date.now() + 20_000;
  let shown: string | null = null;
  let expected = -1;
  while (Date.now() < deadline) {
    const state = await page.getByTestId('live-audience').getAttribute('data-state');
    shown = await page
      .getByTestId('live-count')
      .getAttribute('data-count', { timeout: 200 })
      .catch(() => null);
    const fewerThan = await page
      .getByTestId('live-count')
      .getAttribute('data-fewer-than', { timeout: 200 })
      .catch(() => null);
    expected = await dbCount();
    if (state === 'done' && expected >= minAudience && shown === String(expected)) {
      expect(await page.getByTestId('live-count').innerText()).toBe(expected.toLocaleString('ko-KR'));
      expect(await page.getByTestId('live-exactness').innerText()).toContain('정확한 집계');
      return expected;
    }
    // A marketer sees birth dates masked, so an audience below SEGMENT_MIN_AUDIENCE reads "fewer than 10".
    if (state === 'done' && expected < minAudience && shown === '' && fewerThan === String(minAudience)) {
      expect(await page.getByTestId('live-count').innerText()).toBe(`${minAudience}명 미만`);
      return expected;
    }
    await page.waitForTimeout(150);
  }
  throw new Error(`live count shows ${shown ?? 'nothing'}, the database has ${expected}; ${await page.getByTestId('live-audience').innerText()}`);
}

/** The canvas cannot be changed: no palette drag, no save or publish, disabled parameters. */
async function expectReadOnly(page: Page, blockId: string): Promise<void> {
  await page.getByTestId('read-only').waitFor();
  expect(await page.getByTestId('save-draft').count()).toBe(0);
  expect(await page.getByTestId('publish').count()).toBe(0);
  expect(await page.getByTestId('undo').count()).toBe(0);
  expect(await page.getByTestId('palette-attribute').getAttribute('draggable')).toBe('false');
  const blocks = await page.locator('[data-testid^="node-"][data-node-id]').count();
  await page.getByTestId('palette-attribute').dragTo(page.getByTestId('segment-canvas'), { targetPosition: { x: 60, y: 560 } });
  // Proof the drag was handled before looking for its absence: a click issued after it, on another block, has
  // been processed (the browser and React handle input in order), so a block the drop had added would be there.
  const audience = (await page.getByTestId('node-audience').getAttribute('data-node-id'))!;
  await selectBlock(page, audience);
  await page.locator(`[data-testid="side-panel"][data-node-id="${audience}"]`).waitFor();
  expect(await page.locator('[data-testid^="node-"][data-node-id]').count()).toBe(blocks);
  await selectBlock(page, blockId);
  await page.locator(`[data-testid="side-panel"][data-node-id="${blockId}"]`).waitFor();
  await expect(page.getByTestId('param-eventType').isDisabled()).resolves.toBe(true);
  await expect(page.getByTestId('where-0-property').isDisabled()).resolves.toBe(true);
  expect(await page.getByTestId('where-add').count()).toBe(0);
}

let eventBlock = '';

test('a marketer filters an event by property, undoes and redoes, publishes v1 and v2, looks at both and rolls the draft back to v1', async () => {
  const all = await seoulLoginCount();
  const mobile = await seoulLoginCount('mobile-app');
  // The filter must narrow in the seeded data, or the test proves nothing.
  expect(mobile).toBeGreaterThan(0);
  expect(mobile).toBeLessThan(all);

  const marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  pages.push(marketer);
  const page = marketer.page;
  try {
    await marketer.openNew('Segment');
    await marketer.fill('name', `모바일 로그인 서울 ${Date.now()}`);
    await page.getByTestId('button-save').click();
    await page.waitForURL(/\/resources\/Segment\/records\/\d+\/design/);
    segmentId = Number(/records\/(\d+)\/design/.exec(page.url())![1]);
    await page.getByTestId('segment-canvas').waitFor();
    const audience = (await page.getByTestId('node-audience').getAttribute('data-node-id'))!;
    expect(await page.getByTestId('view-toggle').count()).toBe(0); // nothing published yet

    // Region in SEOUL.
    const region = await dropBlock(page, 'attribute', 40, 60);
    await page.getByTestId('param-field').selectOption('region');
    await page.getByTestId('param-values-SEOUL').check();

    // app.login at least once in the last 30 days (the block's defaults), no filter yet.
    eventBlock = await dropBlock(page, 'event', 40, 330);
    await page.getByTestId('param-eventType').selectOption('app.login');
    await expect(page.getByTestId('param-times').inputValue()).resolves.toBe('1');
    await expect(page.getByTestId('param-days').inputValue()).resolves.toBe('30');
    expect(await page.getByTestId('where-list').getAttribute('data-count')).toBe('0');

    const and = await dropBlock(page, 'and', 290, 200);
    await connectBlocks(page, region, and);
    await connectBlocks(page, eventBlock, and);
    await connectBlocks(page, and, audience);
    await expectLiveCount(page, () => seoulLoginCount());

    // A property filter: a new one names what is missing, on its row and on the block.
    await selectBlock(page, eventBlock);
    await page.getByTestId('where-add').click();
    await page.getByTestId('where-0-error').filter({ hasText: '이벤트 속성 필터 1 · 속성 이름: 속성 이름은 영문자로 시작' }).waitFor();
    await page.locator(`[data-node-id="${eventBlock}"] [data-testid="node-error"]`).filter({ hasText: '이벤트 속성 필터 1 · 속성 이름' }).waitFor();
    await page.getByTestId('live-invalid').waitFor();
    // A comparison needs a number: "mobile-app" is refused until the operator is eq again.
    await page.getByTestId('where-0-property').fill('channel');
    await page.getByTestId('where-0-op').selectOption('gt');
    await page.getByTestId('where-0-value').fill('mobile-app');
    await page.getByTestId('where-0-error').filter({ hasText: '이벤트 속성 필터 1 · 값: 값을 입력하세요' }).waitFor();
    await page.getByTestId('where-0-op').selectOption('eq');
    await page.getByTestId('where-0-type').selectOption('text');
    await page.getByTestId('where-0-value').fill('mobile-app');
    await page.getByTestId('where-0-error').waitFor({ state: 'detached' });
    await expect(page.locator(`[data-node-id="${eventBlock}"] [data-testid="node-summary"]`).innerText()).resolves.toContain('channel = "mobile-app"');
    await expectLiveCount(page, () => seoulLoginCount('mobile-app'));

    // Keyboard undo (focus out of the text box): the value goes back to empty; redo brings it back.
    await page.getByTestId('side-panel').locator('div').first().click();
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('where-0-value').inputValue()).resolves.toBe('');
    await expectLiveCount(page, () => seoulLoginCount(''));
    await page.keyboard.press('Control+Shift+Z');
    await expect(page.getByTestId('where-0-value').inputValue()).resolves.toBe('mobile-app');
    const count = await expectLiveCount(page, () => seoulLoginCount('mobile-app'));

    // Publish (after the confirmation): version 1 with exactly the counted members.
    await publishConfirmed(page);
    await page.getByTestId('canvas-message').filter({ hasText: 'v1 게시 완료' }).waitFor();
    await page.getByTestId('published-version').filter({ hasText: '게시 버전 v1' }).waitFor();
    const version = await one<{ id: number; version: number; member_count_at_publish: number; definition: unknown }>(
      'SELECT id, version, member_count_at_publish, definition FROM segment_version WHERE segment_id = ?',
      [segmentId],
    );
    expect(Number(version.version)).toBe(1);
    const members = await one<{ n: number }>('SELECT COUNT(*) AS n FROM segment_membership WHERE segment_id = ? AND version_id = ?', [segmentId, version.id]);
    expect(Number(members.n)).toBe(count);
    expect(Number(version.member_count_at_publish)).toBe(count);
    const definition = (typeof version.definition === 'string' ? JSON.parse(version.definition) : version.definition) as { root: { children: Array<Record<string, unknown>> } };
    expect(definition.root.children.find((c) => c.type === 'event')?.where).toEqual([{ property: 'channel', op: 'eq', value: 'mobile-app' }]);

    // The published version, looked at: read-only, with its history.
    await page.getByTestId('view-published').click();
    await page.locator('[data-testid="segment-canvas"][data-view="published"]').waitFor();
    await page.getByTestId('viewing-published').waitFor();
    await expect(page.getByTestId('version-members-1').innerText()).resolves.toBe(shownAs(count));
    expect(await page.getByTestId('version-row-1').innerText()).toContain('v1');
    await expectReadOnly(page, eventBlock);
    await expect(page.getByTestId('where-0-value').inputValue()).resolves.toBe('mobile-app');

    // Back on the draft, editing is possible again.
    await page.getByTestId('view-draft').click();
    await page.locator('[data-testid="segment-canvas"][data-view="draft"]').waitFor();
    await page.getByTestId('save-draft').waitFor();
    expect(await page.getByTestId('palette-attribute').getAttribute('draggable')).toBe('true');

    // Version 2 drops the property filter and counts every Seoul login.
    await selectBlock(page, eventBlock);
    await page.getByTestId('where-0-remove').click();
    await page.getByTestId('where-0').waitFor({ state: 'detached' });
    const countV2 = await expectLiveCount(page, () => seoulLoginCount());
    await publishConfirmed(page);
    await page.getByTestId('published-version').filter({ hasText: '게시 버전 v2' }).waitFor();

    // Both versions can be looked at: v2 (current) first, then v1 with its filter.
    await page.getByTestId('view-published').click();
    await page.getByTestId('version-viewing-2').waitFor();
    await expect(page.getByTestId('version-members-2').innerText()).resolves.toBe(shownAs(countV2));
    await selectBlock(page, eventBlock);
    expect(await page.getByTestId('where-0').count()).toBe(0);
    await page.getByTestId('version-view-1').click();
    await page.getByTestId('version-viewing-1').waitFor();
    await page.getByTestId('viewing-published').filter({ hasText: 'v1' }).waitFor();
    await selectBlock(page, eventBlock);
    await expect(page.getByTestId('where-0-value').inputValue()).resolves.toBe('mobile-app');
    await expectReadOnly(page, eventBlock);

    // Rolled back: v1 copied into the draft, which counts as v1 did; undo takes the copy back.
    await page.getByTestId('copy-to-draft').click();
    await page.locator('[data-testid="segment-canvas"][data-view="draft"]').waitFor();
    await selectBlock(page, eventBlock);
    await expect(page.getByTestId('where-0-value').inputValue()).resolves.toBe('mobile-app');
    await expectLiveCount(page, () => seoulLoginCount('mobile-app'));
    await page.getByTestId('undo').click();
    await page.getByTestId('where-0').waitFor({ state: 'detached' });
    await page.getByTestId('redo').click();
    await page.getByTestId('where-0').waitFor();
    await page.getByTestId('save-draft').click();
    await page.getByTestId('canvas-message').filter({ hasText: '저장' }).waitFor();
    const draft = await one<{ draft_definition: unknown }>('SELECT draft_definition FROM segment WHERE id = ?', [segmentId]);
    expect(JSON.stringify(draft.draft_definition)).toContain('mobile-app');
  } catch (e) {
    await marketer.screenshot('segment-publish-failure');
    throw e;
  }
});

test('a compliance officer opens the same canvas read-only', async () => {
  expect(segmentId).toBeGreaterThan(0);
  const officer = await AdminPage.login(browser, 'compliance@demo.bank');
  pages.push(officer);
  const page = officer.page;
  try {
    await officer.open(`/admin/resources/Segment/records/${segmentId}/design`);
    await page.getByTestId('segment-canvas').waitFor();
    await page.getByTestId('published-version').filter({ hasText: '게시 버전 v2' }).waitFor();
    // Looking at old versions is reading; copying one into the draft is editing, which compliance does not do.
    await page.getByTestId('view-published').click();
    await page.getByTestId('version-view-1').click();
    await page.getByTestId('version-viewing-1').waitFor();
    expect(await page.getByTestId('copy-to-draft').count()).toBe(0);
    await expectReadOnly(page, eventBlock);
  } catch (e) {
    await officer.screenshot('segment-publish-compliance-failure');
    throw e;
  }
});
