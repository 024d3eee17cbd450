import { createHmac } from 'node:crypto';
import { createTrackingLinks, decodeHtmlAttribute, type MessageRef, type TrackingPayload } from './tracking-links.js';

const secret = 'spec-only-tracking-secret-0123456789abcdef';
const publicUrl = 'https://crm.bank.example';
const links = createTrackingLinks({ publicUrl, secret });
const ref: MessageRef = { messageId: 12345, customerId: 678, channel: 'email' };

const tokenOf = (url: string) => /\/(?:t\/[oc]|u)\/([A-Za-z0-9_-]+)/.exec(url)![1]!;
const clickTokens = (s: string) => [...s.matchAll(/https:\/\/crm\.bank\.example\/t\/c\/([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
const targets = (s: string) => clickTokens(s).map((t) => links.verifyToken(t, 'c') as Extract<TrackingPayload, { purpose: 'c' }> | null);

describe('tokens', () => {
  test('each purpose round-trips its message, customer and channel', () => {
    for (const channel of ['sms', 'email', 'push'] as const) {
      const r = { messageId: 2 ** 40 + 7, customerId: 4_000_000_000, channel };
      expect(links.verifyToken(tokenOf(links.unsubscribeUrl(r)))).toEqual({ purpose: 'u', ...r });
      expect(links.verifyToken(tokenOf(links.openPixelUrl(r)))).toEqual({ purpose: 'o', ...r });
      expect(links.verifyToken(tokenOf(links.clickUrl(r, 3, 'https://bank.example/a?b=1&c=2')))).toEqual({
        purpose: 'c',
        ...r,
        linkId: 'l3',
        url: 'https://bank.example/a?b=1&c=2',
      });
    }
  });

  test('URLs have the documented shapes', () => {
    expect(links.unsubscribeUrl(ref)).toMatch(/^https:\/\/crm\.bank\.example\/u\/[A-Za-z0-9_-]+$/);
    expect(links.openPixelUrl(ref)).toMatch(/^https:\/\/crm\.bank\.example\/t\/o\/[A-Za-z0-9_-]+\.gif$/);
    expect(links.clickUrl(ref, 1, 'https://x.example/')).toMatch(/^https:\/\/crm\.bank\.example\/t\/c\/[A-Za-z0-9_-]+$/);
    expect(
      createTrackingLinks({ publicUrl: `${publicUrl}/`, secret })
        .unsubscribeUrl(ref)
        .startsWith(`${publicUrl}/u/`),
    ).toBe(true);
  });

  test('compact: a click token for a 40-character URL stays under 110 characters, an unsubscribe token under 40', () => {
    const url = 'https://www.hanbitbank.example/ev/2026a1';
    expect(url).toHaveLength(40);
    const big = { messageId: 9_999_999_999, customerId: 99_999_999, channel: 'sms' as const };
    expect(tokenOf(links.clickUrl(big, 12, url)).length).toBeLessThan(110);
    expect(tokenOf(links.unsubscribeUrl(big)).length).toBeLessThan(40);
  });

  test('a flipped bit anywhere, a truncated or extended token, or another secret is refused', () => {
    const token = tokenOf(links.clickUrl(ref, 1, 'https://bank.example/x'));
    const raw = Buffer.from(token, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const t = Buffer.from(raw);
        t[i] = t[i]! ^ bit;
        expect(links.verifyToken(t.toString('base64url'))).toBeNull();
      }
    }
    expect(links.verifyToken(token.slice(0, -1))).toBeNull();
    expect(links.verifyToken(`${token}A`)).toBeNull();
    expect(links.verifyToken(`${token}.gif`)).toBeNull();
    expect(links.verifyToken('')).toBeNull();
    expect(links.verifyToken('A'.repeat(5000))).toBeNull();
    expect(links.verifyToken('abc+/=')).toBeNull();
    expect(createTrackingLinks({ publicUrl, secret: `${secret}-other` }).verifyToken(token)).toBeNull();
  });

  test('a target URL changed in the payload and re-encoded without the key is refused (no open redirect)', () => {
    const token = tokenOf(links.clickUrl(ref, 1, 'https://bank.example/x'));
    const raw = Buffer.from(token, 'base64url');
    const payload = raw.subarray(0, raw.length - 16);
    const forged = Buffer.concat([Buffer.from(payload.toString('latin1').replace('bank.example', 'evil.example'), 'latin1'), raw.subarray(raw.length - 16)]);
    expect(links.verifyToken(forged.toString('base64url'))).toBeNull();
  });

  test('a token of one purpose is not accepted as another', () => {
    const open = tokenOf(links.openPixelUrl(ref));
    expect(links.verifyToken(open, 'o')).not.toBeNull();
    expect(links.verifyToken(open, 'u')).toBeNull();
    expect(links.verifyToken(open, 'c')).toBeNull();
    expect(links.verifyToken(tokenOf(links.unsubscribeUrl(ref)), 'o')).toBeNull();
    expect(links.verifyToken(tokenOf(links.clickUrl(ref, 1, 'https://bank.example/')), 'u')).toBeNull();
  });

  test('a correctly signed click token whose URL is not http(s) is refused', () => {
    // Built by hand with the key, as a bug or a future writer might: the reader still refuses it.
    const payload = Buffer.concat([Buffer.from([0x10 | (1 << 2) | 1, 1, 1, 1]), Buffer.from('javascript:alert(1)')]);
    const mac = createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
    expect(links.verifyToken(Buffer.concat([payload, mac]).toString('base64url'))).toBeNull();
    expect(() => links.clickUrl(ref, 1, 'javascript:alert(1)')).toThrow(RangeError);
  });

  test('bad refs and short secrets are programming errors', () => {
    expect(() => createTrackingLinks({ publicUrl, secret: 'short' })).toThrow(RangeError);
    expect(() => links.unsubscribeUrl({ ...ref, messageId: 0 })).toThrow(RangeError);
    expect(() => links.unsubscribeUrl({ ...ref, channel: 'fax' as never })).toThrow(RangeError);
  });
});

describe('trackHtml', () => {
  const unsubscribe = links.unsubscribeUrl(ref);

  test('links become click redirects l1, l2, … in document order; the unsubscribe link, mailto: and relative links stay', () => {
    const html = [
      '<html><body>',
      '<a href="https://bank.example/one">하나</a>',
      `<a class="u" href="${unsubscribe}">수신거부</a>`,
      "<a title='x > y' href='http://bank.example/two'>둘</a>",
      '<a href="mailto:help@bank.example">메일</a> <a href="/relative">상대</a> <a href="tel:15880000">전화</a>',
      '<A HREF="HTTPS://BANK.EXAMPLE/Three">셋</A>',
      '</body></html>',
    ].join('\n');
    const out = links.trackHtml(html, ref, { skip: [unsubscribe] });
    expect(targets(out)).toEqual([
      expect.objectContaining({ linkId: 'l1', url: 'https://bank.example/one', messageId: 12345, customerId: 678, channel: 'email' }),
      expect.objectContaining({ linkId: 'l2', url: 'http://bank.example/two' }),
      expect.objectContaining({ linkId: 'l3', url: 'HTTPS://BANK.EXAMPLE/Three' }),
    ]);
    expect(out).toContain(`href="${unsubscribe}"`);
    expect(out).toContain('href="mailto:help@bank.example"');
    expect(out).toContain('href="/relative"');
    expect(out).toContain('href="tel:15880000"');
    expect(out).toContain("title='x > y'");
    expect(out).not.toContain('bank.example/one"');
  });

  test('entities in an escaped URL are decoded before signing; the redirect goes where the browser would have gone', () => {
    const out = links.trackHtml('<a href="https://bank.example/p?a=1&amp;b=%ED%95%9C&#38;c=&quot;q&quot;">x</a>', ref);
    expect(targets(out)[0]).toMatchObject({ url: 'https://bank.example/p?a=1&b=%ED%95%9C&c="q"' });
    expect(decodeHtmlAttribute('&lt;&#x41;&#66;&unknown;&#0;')).toBe('<AB&unknown;&#0;');
  });

  test('the unsubscribe link is left alone even when escaped or not listed, and tracking twice does not wrap links again', () => {
    const once = links.trackHtml(`<a href="https://bank.example/a">a</a><a href="${unsubscribe}">u</a></body>`, ref);
    expect(once).toContain(`href="${unsubscribe}"`);
    const twice = links.trackHtml(once, ref);
    expect(clickTokens(twice)).toEqual(clickTokens(once));
  });

  test('the open pixel goes before the last </body>, or at the end without one', () => {
    const out = links.trackHtml('<html><body><p>안녕하세요</p></BODY></html>', ref);
    expect(out).toMatch(/<p>안녕하세요<\/p><img src="https:\/\/crm\.bank\.example\/t\/o\/[A-Za-z0-9_-]+\.gif" width="1" height="1" alt="" style="display:none"><\/BODY><\/html>$/);
    const bare = links.trackHtml('<p>hi</p>', ref);
    expect(bare).toMatch(/^<p>hi<\/p><img src="[^"]+\.gif"[^>]*>$/);
    const pixelToken = /\/t\/o\/([A-Za-z0-9_-]+)\.gif/.exec(bare)![1]!;
    expect(links.verifyToken(pixelToken, 'o')).toEqual({ purpose: 'o', ...ref });
  });

  test('href outside a link tag (a stylesheet) and href-like text are not rewritten', () => {
    const html = '<link rel="stylesheet" href="https://cdn.example/s.css"><p>href="https://bank.example/text"</p>';
    expect(links.trackHtml(html, ref)).toContain(html);
  });
});

describe('trackText', () => {
  const smsRef: MessageRef = { messageId: 9, customerId: 8, channel: 'sms' };

  test('bare URLs followed by Korean text or punctuation: only the URL is replaced', () => {
    const text = [
      '(광고)한빛은행',
      '새 적금 https://bank.example/e?id=7에서 확인하세요.',
      '자세히: https://bank.example/a, 또는 (https://bank.example/b). 끝!',
      'http://bank.example/wiki/Foo_(bar) 참고',
      '무료수신거부 080-000-0000',
    ].join('\n');
    const out = links.trackText(text, smsRef);
    expect(targets(out).map((t) => t && [t.linkId, t.url, t.channel])).toEqual([
      ['l1', 'https://bank.example/e?id=7', 'sms'],
      ['l2', 'https://bank.example/a', 'sms'],
      ['l3', 'https://bank.example/b', 'sms'],
      ['l4', 'http://bank.example/wiki/Foo_(bar)', 'sms'],
    ]);
    expect(out).toMatch(/\/t\/c\/[A-Za-z0-9_-]+에서 확인하세요\./);
    expect(out).toMatch(/\/t\/c\/[A-Za-z0-9_-]+, 또는 \(https:\/\/crm\.bank\.example\/t\/c\/[A-Za-z0-9_-]+\)\. 끝!/);
    expect(out).toMatch(/\/t\/c\/[A-Za-z0-9_-]+ 참고/);
    expect(out.startsWith('(광고)한빛은행\n새 적금 ')).toBe(true);
    expect(out.endsWith('\n무료수신거부 080-000-0000')).toBe(true);
  });

  test('the skip list and the platform’s own links stay; text without URLs is unchanged', () => {
    const unsubscribe = links.unsubscribeUrl(smsRef);
    const text = `수신거부 ${unsubscribe} / 안내 https://bank.example/keep / 이벤트 https://bank.example/go`;
    const out = links.trackText(text, smsRef, { skip: ['https://bank.example/keep'] });
    expect(out).toContain(` ${unsubscribe} `);
    expect(out).toContain('https://bank.example/keep /');
    expect(targets(out)).toEqual([expect.objectContaining({ linkId: 'l1', url: 'https://bank.example/go' })]);
    expect(links.trackText('링크 없음 http:// 또는 www.bank.example', smsRef)).toBe('링크 없음 http:// 또는 www.bank.example');
  });
});
