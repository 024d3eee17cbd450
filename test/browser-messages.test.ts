import type { Browser } from 'playwright-core';
import type { Connection } from 'mysql2/promise';
import nodemailer from 'nodemailer';
import { launchChromium } from './support/browser.js';
import { AdminPage } from './support/admin-page.js';
import { switchLanguage } from './support/language.js';
import { testDb } from './support/db.js';
import { baseUrl } from './support/test-env.js';
import { HttpClient } from './support/journey-console.js';
import { insertMessageFixture, type MessageFixture } from './support/message-rows.js';

/**
 * The 메시지 pages in headless Chromium: a marketer filters the list, opens
 * a message and reads why it was sent (journey, entry, template review,
 * each decision's checks and consents) in Korean, then in English, names
 * masked and never a bare reason code; a banker finds the same messages on
 * the customer's 360 page and follows one; the 발송함 shows an e-mail's HTML
 * in a sandboxed frame. No Content-Security-Policy violation anywhere
 * (support/browser.ts).
 */
let browser: Browser;
let db: Connection;
let f: MessageFixture;
const rawCodes = /nightTimeNoConsent|noMarketingConsent|marketingConsent|templateReview|\bSUPPRESSED\b/;

beforeAll(async () => {
  db = await testDb();
  f = await insertMessageFixture(db, 'bm');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await db?.end();
});

test('a marketer filters the messages and reads why one was sent, in Korean and in English', async () => {
  const marketer = await AdminPage.login(browser, 'marketer@demo.bank');
  const page = marketer.page;
  try {
    await marketer.open('/admin/pages/messages');
    await page.getByTestId('message-list').getByRole('heading', { name: '메시지' }).waitFor();
    await page.getByTestId('filter-status').selectOption('SUPPRESSED');
    await page.getByTestId('filter-channel').selectOption('sms');
    const row = page.getByTestId('message-row').filter({ has: page.getByRole('link', { name: String(f.suppressed), exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('고객이 이 채널의 광고성 정보 수신에 동의하지 않았습니다');
    expect(await row.innerText()).toContain('김*시');
    await page.getByTestId('message-list').screenshot({ path: 'test-results/messages-list-ko.png' });

    await marketer.open(`/admin/pages/messages?id=${f.sent}`);
    const detail = page.getByTestId('message-detail');
    await detail.getByText('왜 이 고객에게 이 메시지가 갔나요?').waitFor();
    await page.getByTestId('message-decision').nth(1).waitFor();
    const ko = await detail.innerText();
    expect(ko).toContain(f.journey.name);
    expect(ko).toContain('카드 안내 문자');
    expect(ko).toContain(`evt-${f.tag}`);
    expect(ko).toContain(f.template.reviewNumber);
    expect(ko).toContain('김*시');
    expect(ko).not.toContain(f.customer.name);
    expect(ko).toContain('야간(21:00~08:00) 광고는 야간 수신 동의가 필요하여 08:00까지 보류합니다');
    expect(ko).toContain('야간 발송 제한');
    expect(ko).toContain('야간 광고 수신 미동의');
    expect(ko).toContain('문자(SMS/LMS) 광고 발송 한도 이내');
    expect(ko).toContain(`smsc-${f.tag}`);
    expect(ko).not.toMatch(rawCodes);
    await page.screenshot({ path: 'test-results/message-detail-ko.png', fullPage: true });

    await switchLanguage(page, 'en');
    await detail.getByText('Why did this customer get this message?').waitFor();
    const en = await detail.innerText();
    expect(en).toContain('advertising between 21:00 and 08:00 needs night-time consent; held until 08:00');
    expect(en).toContain('Night-time rule');
    expect(en).toContain('advertising at night Not consented');
    expect(en).toContain('within the SMS/LMS advertising caps: 0 of 1 today, 1 of 3 this week');
    expect(en).toContain('Review number');
    expect(en).not.toContain('야간 발송 제한');
    expect(en).not.toMatch(rawCodes);
    await page.screenshot({ path: 'test-results/message-detail-en.png', fullPage: true });
    await switchLanguage(page, 'ko');
  } finally {
    await marketer.close();
  }
}, 120_000);

test('a banker sees the messages on the customer 360 page and opens one, in Korean and in English', async () => {
  const banker = await AdminPage.login(browser, 'banker@demo.bank');
  const page = banker.page;
  try {
    await banker.openRecord('Customer', f.customer.id);
    const section = page.getByTestId('section-messages');
    await section.getByText('받은 메시지').waitFor();
    await section.getByTestId('message-360-row').nth(2).waitFor();
    const ko = await section.innerText();
    expect(ko).toContain('발송 안 함');
    expect(ko).toContain('보류');
    expect(ko).toContain('고객이 이 채널의 광고성 정보 수신에 동의하지 않았습니다');
    expect(ko).not.toMatch(rawCodes);
    await section.screenshot({ path: 'test-results/customer-360-messages-ko.png' });

    await switchLanguage(page, 'en');
    await section.getByText('Messages received').waitFor();
    const en = await section.innerText();
    expect(en).toContain('Not sent');
    expect(en).toContain('the customer has not consented to advertising on this channel');
    expect(en).not.toMatch(rawCodes);

    await section.getByTestId('message-360-row').nth(2).getByRole('link').click();
    await page.waitForURL(new RegExp(`/admin/pages/messages\\?id=${f.sent}$`));
    await page.getByTestId('message-detail').getByText('Why did this customer get this message?').waitFor();
    // A banker serves customers: the name is shown.
    expect(await page.getByTestId('message-customer').innerText()).toContain(f.customer.name);
    await switchLanguage(page, 'ko');
  } finally {
    await banker.close();
  }
}, 120_000);

test('the 발송함 shows an e-mail with its HTML in a sandboxed frame whose script does not run', async () => {
  const box = (await (await HttpClient.loggedIn(baseUrl(), 'compliance')).request('/admin/api/sent-box')).body;
  const [host, port] = String(box.gateways.smtp).split(':');
  const transport = nodemailer.createTransport({ host, port: Number(port), secure: false, ignoreTLS: true });
  await transport.sendMail({
    from: 'bank@example.com',
    to: `sandbox-${f.tag}@example.com`,
    subject: `발송함 ${f.tag}`,
    text: '텍스트 본문',
    html: `<h1 id="h">HTML ${f.tag}</h1><script>document.getElementById('h').textContent = 'script ran'</script>`,
    headers: { 'List-Unsubscribe': '<mailto:unsubscribe@example.com>' },
  });
  transport.close();

  const compliance = await AdminPage.login(browser, 'compliance@demo.bank');
  const page = compliance.page;
  try {
    await compliance.open('/admin/pages/sentBox');
    const item = page.getByTestId('sent-email-item').filter({ hasText: `발송함 ${f.tag}` });
    // The SMTP sink parses after it answered: refresh until the e-mail is listed.
    for (let i = 0; i < 50 && !(await item.count()); i++) {
      await page.getByRole('button', { name: '새로 고침' }).click();
      await page.getByTestId('sent-email').waitFor();
    }
    await item.waitFor();
    expect(await item.innerText()).toContain('<mailto:unsubscribe@example.com>');
    const frame = item.getByTestId('sent-email-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const heading = page.frameLocator(`[data-testid="sent-email-item"]:has-text("발송함 ${f.tag}") iframe`).locator('#h');
    await heading.waitFor();
    expect(await heading.innerText()).toBe(`HTML ${f.tag}`);
    await page.screenshot({ path: 'test-results/sent-box-ko.png', fullPage: true });
  } finally {
    await compliance.close();
  }
}, 120_000);
