import { adMarkVariantAtStart, listUnsubscribeHeaders, markEmailHtml, markEmailText, markPush, markSmsText, markTitle } from './legal-marking.js';

const sender = { name: '우리은행', contactNumber: '1588-5000', optOutNumber: '080-123-4567' };
const unsubscribe = { url: 'https://bank.example/u/abc', mailto: 'mailto:unsubscribe@bank.example?subject=abc' };

describe('advertising marks', () => {
  test('SMS: "(광고)" and the sender first, the free opt-out line last', () => {
    expect(markSmsText('12월 예금 특판 안내', sender)).toBe('(광고)우리은행\n12월 예금 특판 안내\n무료수신거부 080-123-4567');
  });

  test('SMS: an author\'s own "(광고)", sender and opt-out line are not doubled', () => {
    const once = markSmsText('12월 예금 특판 안내', sender);
    expect(markSmsText(once, sender)).toBe(once);
    expect(markSmsText('(광고) 12월 특판', sender)).toBe('(광고)우리은행\n12월 특판\n무료수신거부 080-123-4567');
    expect(markSmsText('(광고)[우리은행] 12월 특판', sender)).toBe('(광고)우리은행\n12월 특판\n무료수신거부 080-123-4567');
    expect(markSmsText('12월 특판\n무료수신거부 080-123-4567', sender).match(/무료수신거부/g)).toHaveLength(1);
  });

  test('subjects and titles: "(광고) " once', () => {
    expect(markTitle('12월 혜택')).toBe('(광고) 12월 혜택');
    expect(markTitle('(광고) 12월 혜택')).toBe('(광고) 12월 혜택');
    expect(markTitle('(광고)12월 혜택')).toBe('(광고) 12월 혜택');
  });

  test('push: "(광고)" title and how to turn it off, once', () => {
    expect(markPush('12월 혜택', '확인하세요')).toEqual({ title: '(광고) 12월 혜택', body: '확인하세요\n수신거부: 설정 > 알림' });
    expect(markPush('(광고) 12월 혜택', '확인하세요\n수신거부: 설정 > 알림')).toEqual({ title: '(광고) 12월 혜택', body: '확인하세요\n수신거부: 설정 > 알림' });
    expect(markPush('t', 'b', '수신거부: 전체메뉴 > 설정 > 알림').body).toBe('b\n수신거부: 전체메뉴 > 설정 > 알림');
  });

  test('e-mail: the footer with sender, contact and unsubscribe link, before </body>, once', () => {
    const html = markEmailHtml('<html><body><p>안녕하세요</p></body></html>', sender, unsubscribe);
    expect(html).toMatch(/<p>안녕하세요<\/p><div data-legal-footer.*보낸 곳: 우리은행 · 문의: 1588-5000.*href="https:\/\/bank.example\/u\/abc".*<\/div><\/body><\/html>$/);
    expect(markEmailHtml(html, sender, unsubscribe)).toBe(html);
    expect(markEmailHtml('<p>x</p>', { ...sender, name: 'A&B <은행>' }, unsubscribe)).toContain('보낸 곳: A&amp;B &lt;은행&gt;');
    const text = markEmailText('안녕하세요', sender, unsubscribe);
    expect(text).toBe('안녕하세요\n\n보낸 곳: 우리은행 · 문의: 1588-5000\n수신거부 (unsubscribe): https://bank.example/u/abc');
    expect(markEmailText(text, sender, unsubscribe)).toBe(text);
  });

  test('one-click List-Unsubscribe headers (RFC 8058)', () => {
    expect(listUnsubscribeHeaders(unsubscribe)).toEqual({
      'List-Unsubscribe': '<https://bank.example/u/abc>, <mailto:unsubscribe@bank.example?subject=abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(listUnsubscribeHeaders({ url: unsubscribe.url })['List-Unsubscribe']).toBe('<https://bank.example/u/abc>');
  });

  test('disguised marks are found', () => {
    for (const variant of ['(광 고)', '[광고]', '(광.고)', '(廣告)', '<광고>']) expect(adMarkVariantAtStart(`${variant} 특판`)).toBe(variant);
    expect(adMarkVariantAtStart('(광고) 특판')).toBeUndefined();
    expect(adMarkVariantAtStart('광고 없는 글')).toBeUndefined();
  });
});
