import type { Browser, Page } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import { launchChromium } from './support/browser.js';
import { queries, testDb } from './support/db.js';
import { AdminPage, kstDate } from './support/admin-page.js';
import { baseUrl } from './support/test-env.js';
import { HttpClient } from './support/journey-console.js';
import { switchLanguage } from './support/language.js';
import { stamp } from './support/unique.js';
import { smsBytes } from '../engine/channels/content/index.js';

/**
 * The 메시지 템플릿 page in Chromium: a marketer writes an advertising SMS
 * and sees, live from the server, the problem of an unknown variable next to
 * the text, the byte count with the advertising marking and the switch from
 * SMS to LMS; saves the draft, previews it for a real customer (name masked)
 * and submits it from the keyboard. A compliance officer finds it first in
 * the list and approves it with a review number and validity. An officer
 * who wrote a template cannot approve it and reads why, in Korean and, with
 * the console in English, in English: never a code. An e-mail's HTML is
 * shown in a sandboxed frame where its script does not run. Editing the
 * approved template makes revision 2 as a draft; compliance rejects it only
 * with a reason.
 */

let browser: Browser;
let db: Connection;
const { one } = queries(() => db);
const pages: AdminPage[] = [];
const tag = `e${stamp()}`;
const name = `가입 축하 ${tag}`;
let templateId = 0;
let marketerApi: HttpClient;

beforeAll(async () => {
  browser = await launchChromium();
  db = await testDb();
  marketerApi = await HttpClient.loggedIn(baseUrl(), 'marketer');
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await db?.end();
});

async function openPage(email: string): Promise<AdminPage> {
  const p = await AdminPage.login(browser, email);
  pages.push(p);
  await p.open('/admin/pages/templates');
  await p.page.getByTestId('template-page').waitFor({ timeout: 30_000 });
  return p;
}

/** What the server counts for an SMS definition (the same API the page asks): bytes and SMS/LMS. */
async function serverCount(text: string): Promise<{ bytes: number; type: string }> {
  const r = await marketerApi.request('/admin/api/templates/validate', {
    method: 'POST',
    json: { definition: { version: 1, channel: 'sms', kind: 'advertising', usesRecommendations: false, text } },
  });
  return r.body.smsLengths.asWritten;
}

/** Waits until the live SMS box shows `bytes` and `type` after a finished check. */
async function expectSmsCount(page: Page, expected: { bytes: number; type: string }): Promise<void> {
  const box = page.getByTestId('sms-length');
  await page.locator(`[data-testid="sms-length"][data-state="done"][data-bytes="${expected.bytes}"][data-type="${expected.type}"]`).waitFor();
  expect(await box.getByTestId('sms-type').innerText()).toBe(expected.type);
  expect(await box.getByTestId('sms-bytes').innerText()).toBe(`${expected.bytes.toLocaleString('ko-KR')}바이트`);
}

test('a marketer writes an SMS draft: problems, byte count and the LMS switch live; previews it for a customer; submits it', async () => {
  const marketer = await openPage('marketer@demo.bank');
  const page = marketer.page;
  await page.getByRole('button', { name: '새 템플릿' }).click();
  await page.getByLabel('템플릿 이름').fill(name);
  expect(await page.getByLabel('채널').inputValue()).toBe('sms');
  expect(await page.getByLabel('유형').inputValue()).toBe('advertising');

  // An unknown variable: the server's problem, in Korean, next to the text.
  await page.getByLabel('본문').fill('{{ customer.nickname }} 고객님');
  await page.getByTestId('tpl-field-text-problems').filter({ hasText: '메시지 변수가 아닙니다' }).waitFor();
  expect(await page.getByTestId('tpl-field-text-problems').innerText()).toMatch(/1행 \d+열/);
  expect(await page.getByLabel('본문').getAttribute('aria-invalid')).toBe('true');

  // A short text: an SMS, counted with "(광고)", the sender and the 080 line the platform adds.
  const short = '{{ customer.name }} 고객님, 가입을 축하드립니다.';
  await page.getByLabel('본문').fill(short);
  const shortCount = await serverCount(short);
  expect(shortCount.type).toBe('SMS');
  expect(shortCount.bytes).toBeGreaterThan(smsBytes(short).bytes);
  await expectSmsCount(page, shortCount);
  await page.getByTestId('tpl-field-text-problems').waitFor({ state: 'detached' });
  expect(await page.getByTestId('sms-marking').innerText()).toContain('(광고)');
  expect(await page.getByTestId('sample-message-text').innerText()).toMatch(/^\(광고\)[\s\S]*홍길동 고객님[\s\S]*무료수신거부/);

  // Longer than 90 bytes: an LMS, live.
  const long = `${short}\n새로 나온 정기적금은 연 최고 4.0% 금리를 드립니다. 지금 앱에서 확인해 보세요.`;
  await page.getByLabel('본문').fill(long);
  const longCount = await serverCount(long);
  expect(longCount.type).toBe('LMS');
  await expectSmsCount(page, longCount);
  await page.locator('[data-testid="check-state"][data-valid="true"]').waitFor();
  await page.screenshot({ path: 'test-results/template-editor-sms.png', fullPage: true });

  await page.getByRole('button', { name: '초안 저장' }).click();
  await page.getByTestId('saved-note').filter({ hasText: '개정 1' }).waitFor();
  await page.locator('[data-testid="template-editor"][data-status="DRAFT"]').waitFor();
  templateId = Number(await page.getByTestId('template-editor').getAttribute('data-template-id'));
  expect(templateId).toBeGreaterThan(0);
  expect(await one('SELECT status, channel, kind FROM message_template WHERE id = ?', [templateId])).toEqual({ status: 'DRAFT', channel: 'sms', kind: 'advertising' });

  // Preview for a real customer: the server masks the name for a marketer.
  const customer = await one<{ id: number; name: string; customer_no: string }>(
    "SELECT id, name, customer_no FROM customer WHERE status = 'ACTIVE' AND CHAR_LENGTH(name) >= 3 AND customer_no REGEXP '^[A-Za-z][0-9]' ORDER BY id LIMIT 1",
  );
  // By customer number (looked up through the Customer resource's search), then by id.
  await page.getByLabel('고객 ID 또는 고객번호').fill(customer.customer_no);
  await page.getByRole('button', { name: '미리보기', exact: true }).click();
  await page
    .getByTestId('preview-customer')
    .filter({ hasText: `고객 ${customer.id} ` })
    .waitFor();
  await page.getByLabel('고객 ID 또는 고객번호').fill('Z9999999999');
  await page.getByRole('button', { name: '미리보기', exact: true }).click();
  await page.getByTestId('preview-refused').filter({ hasText: '찾을 수 없습니다' }).waitFor();
  await page.getByLabel('고객 ID 또는 고객번호').fill(String(customer.id));
  await page.getByRole('button', { name: '미리보기', exact: true }).click();
  await page.getByTestId('preview-customer').filter({ hasText: '가림 처리' }).waitFor();
  const previewText = await page.getByTestId('preview-rendered-text').innerText();
  expect(previewText.startsWith('(광고)')).toBe(true);
  expect(previewText).not.toContain(customer.name);

  // Submitted from the keyboard.
  const submit = page.getByRole('button', { name: '심의 요청' });
  await submit.focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="template-editor"][data-status="PENDING"]').waitFor();
  expect((await one('SELECT status FROM message_template WHERE id = ?', [templateId])).status).toBe('PENDING');
  // A marketer reviews nothing.
  expect(await page.getByTestId('review-panel').count()).toBe(0);
}, 120_000);

test('compliance sees pending templates first, opens one by its link (?id=) and approves with a review number and validity', async () => {
  const officer = await openPage('compliance@demo.bank');
  const page = officer.page;
  await page.getByTestId(`template-row-${templateId}`).waitFor();
  const statuses = await page.locator('[data-testid="template-list"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
  const firstOther = statuses.findIndex((s) => s !== 'PENDING');
  expect(firstOther === -1 || statuses.slice(firstOther).every((s) => s !== 'PENDING')).toBe(true);

  // The compliance inbox links a template as ?id=N: the page opens with that template in the editor.
  await officer.open(`/admin/pages/templates?id=${templateId}`);
  await page.locator(`[data-testid="template-editor"][data-template-id="${templateId}"][data-status="PENDING"]`).waitFor();
  // Compliance does not edit the text.
  expect(await page.getByLabel('본문').isDisabled()).toBe(true);
  const reviewNumber = `준법 ${tag}`;
  await page.getByLabel('심의필 번호').fill(reviewNumber);
  await page.getByLabel('유효기간 시작').fill(kstDate(0));
  await page.getByLabel('유효기간 종료').fill(kstDate(180));
  await page.getByRole('button', { name: '승인', exact: true }).click();
  await page.locator(`[data-testid="template-editor"][data-template-id="${templateId}"][data-status="APPROVED"]`).waitFor();
  expect(await page.getByTestId('template-facts').innerText()).toContain(reviewNumber);
  await page.getByTestId(`template-row-${templateId}`).filter({ hasText: reviewNumber }).waitFor();
  expect(await one('SELECT status, review_number FROM message_template WHERE id = ?', [templateId])).toEqual({ status: 'APPROVED', review_number: reviewNumber });
  await page.getByRole('button', { name: '사용 종료' }).waitFor();
}, 120_000);

test('the author cannot approve and reads why, in Korean and then in English', async () => {
  const created = await marketerApi.request('/admin/api/templates/', {
    method: 'POST',
    json: { name: `자기승인 ${tag}`, definition: { version: 1, channel: 'sms', kind: 'informational', usesRecommendations: false, text: '예금 만기 안내입니다.' } },
  });
  const id = Number(created.body.id);
  expect((await marketerApi.request(`/admin/api/templates/${id}/submit`, { method: 'POST', json: {} })).status).toBe(200);
  // The compliance officer wrote it (e.g. before a change of role).
  const officerId = (await one<{ id: number }>("SELECT id FROM staff WHERE email = 'compliance@demo.bank'")).id;
  await db.query('UPDATE message_template SET author_id = ? WHERE id = ?', [officerId, id]);

  const officer = await openPage('compliance@demo.bank');
  const page = officer.page;
  const approveAsAuthor = async (labels: { number: string; until: string; approve: string }) => {
    await page.getByTestId(`template-row-${id}`).getByRole('button').click();
    await page.locator(`[data-testid="template-editor"][data-template-id="${id}"][data-status="PENDING"]`).waitFor();
    await page.getByLabel(labels.number).fill(`준법 ${tag}-2`);
    await page.getByLabel(labels.until).fill(kstDate(90));
    await page.getByRole('button', { name: labels.approve, exact: true }).click();
    await page.getByTestId('review-refused').waitFor();
    return page.getByTestId('review-refused').innerText();
  };

  const ko = await approveAsAuthor({ number: '심의필 번호', until: '유효기간 종료', approve: '승인' });
  expect(ko).toContain('승인할 수 없습니다');
  expect(ko).not.toMatch(/authorCannotApprove|\bat .+\.(ts|js):\d+/);

  await switchLanguage(page, 'en');
  await page.getByRole('heading', { name: 'Message templates', level: 1 }).waitFor();
  const en = await approveAsAuthor({ number: 'Review number', until: 'Valid until', approve: 'Approve' });
  await page.screenshot({ path: 'test-results/template-editor-en.png', fullPage: true });
  expect(en).toContain('cannot approve');
  expect(en).not.toMatch(/authorCannotApprove|승인할 수 없습니다/);
  expect(await page.locator('[data-testid="template-list"] thead').innerText()).toMatch(/Name\s+Channel\s+Kind\s+Status/);
  expect(await page.getByTestId(`template-row-${id}`).innerText()).toContain('Pending review');
  expect((await one('SELECT status FROM message_template WHERE id = ?', [id])).status).toBe('PENDING');
  await switchLanguage(page, 'ko');
}, 120_000);

test('an e-mail draft: the sample shows the advertising subject, and its HTML runs no script in the sandboxed frame', async () => {
  const marketer = await openPage('marketer@demo.bank');
  const page = marketer.page;
  await page.getByRole('button', { name: '새 템플릿' }).click();
  await page.getByLabel('템플릿 이름').fill(`뉴스레터 ${tag}`);
  await page.getByLabel('채널').selectOption('email');
  await page.getByLabel('제목', { exact: true }).fill('12월 소식');
  await page.getByLabel('HTML 본문').fill('<html><body><p>{{ customer.name }}님, 12월 소식입니다.</p><script>parent.document.body.dataset.leak = "1"</script></body></html>');
  await page.getByLabel('텍스트 본문').fill('{{ customer.name }}님, 12월 소식입니다.');
  await page.getByTestId('sample-message-subject').filter({ hasText: '(광고) 12월 소식' }).waitFor();
  const frame = page.getByTestId('sample-message-html');
  expect(await frame.getAttribute('sandbox')).toBe('');
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).toContain('홍길동님, 12월 소식입니다.');
  expect(srcdoc).toContain('수신거부');
  // The frame's document is parsed, and its script did not run.
  await page.frameLocator('[data-testid="sample-message-html"]').getByText('홍길동님, 12월 소식입니다.').waitFor();
  expect(await page.evaluate(() => document.body.dataset.leak)).toBeUndefined();
  // Keyboard: the variables are buttons reachable with Tab, each with a label.
  await page.getByRole('button', { name: /message\.unsubscribeUrl/ }).waitFor();
}, 120_000);

test('an e-mail written in MJML: the sample shows the responsive HTML compiled from it', async () => {
  const marketer = await openPage('marketer@demo.bank');
  const page = marketer.page;
  await page.getByRole('button', { name: '새 템플릿' }).click();
  await page.getByLabel('템플릿 이름').fill(`MJML 소식 ${tag}`);
  await page.getByLabel('채널').selectOption('email');
  await page.getByLabel('제목', { exact: true }).fill('MJML 소식');
  await page
    .getByLabel(/^MJML/)
    .fill('<mjml><mj-body><mj-section><mj-column><mj-text>{{ customer.name }}님, 반응형 소식입니다.</mj-text></mj-column></mj-section></mj-body></mjml>');
  await page.getByLabel('텍스트 본문').fill('{{ customer.name }}님, 반응형 소식입니다.');
  const frame = page.getByTestId('sample-message-html');
  await page.frameLocator('[data-testid="sample-message-html"]').getByText('홍길동님, 반응형 소식입니다.').waitFor();
  expect((await frame.getAttribute('srcdoc')) ?? '').toContain('@media only screen');
}, 120_000);

test('editing the approved template saves revision 2 as a draft (revision 1 stays approved); compliance rejects it only with a reason', async () => {
  const marketer = await openPage('marketer@demo.bank');
  let page = marketer.page;
  await page.getByTestId(`template-row-${templateId}`).getByRole('button', { name }).click();
  await page.locator(`[data-testid="template-editor"][data-template-id="${templateId}"][data-status="APPROVED"]`).waitFor();
  await page.getByTestId('new-revision-note').waitFor();
  await page.getByLabel('본문').fill('{{ customer.name }} 고객님, 가입을 축하드립니다. 금리는 세전 기준입니다.');
  await page.locator('[data-testid="check-state"][data-valid="true"]').waitFor();
  await page.getByRole('button', { name: '새 개정으로 저장' }).click();
  await page.locator('[data-testid="template-editor"][data-status="DRAFT"]').waitFor();
  const r2 = Number(await page.getByTestId('template-editor').getAttribute('data-template-id'));
  expect(r2).not.toBe(templateId);
  expect(await one('SELECT revision, status, previous_revision_id AS previous FROM message_template WHERE id = ?', [r2])).toEqual({
    revision: 2,
    status: 'DRAFT',
    previous: templateId,
  });
  expect((await one('SELECT status FROM message_template WHERE id = ?', [templateId])).status).toBe('APPROVED');
  await page.getByRole('button', { name: '심의 요청' }).click();
  await page.locator(`[data-testid="template-editor"][data-template-id="${r2}"][data-status="PENDING"]`).waitFor();

  const officer = await openPage('compliance@demo.bank');
  page = officer.page;
  await page.getByLabel('상태', { exact: true }).selectOption('PENDING');
  await page.getByTestId(`template-row-${r2}`).getByRole('button', { name }).click();
  await page.locator(`[data-testid="template-editor"][data-template-id="${r2}"][data-status="PENDING"]`).waitFor();
  const reject = page.getByRole('button', { name: '반려', exact: true });
  expect(await reject.isDisabled()).toBe(true);
  await page.getByLabel('반려 사유 (필수)').fill('금리 기준일을 적어 주세요');
  await reject.click();
  await page.locator(`[data-testid="template-editor"][data-template-id="${r2}"][data-status="REJECTED"]`).waitFor();
  expect(await page.getByTestId('rejection-reason').innerText()).toBe('금리 기준일을 적어 주세요');
  expect(await one('SELECT status, rejection_reason AS reason FROM message_template WHERE id = ?', [r2])).toEqual({ status: 'REJECTED', reason: '금리 기준일을 적어 주세요' });
}, 120_000);
