import fc from 'fast-check';
import { parseTemplateDefinition, type TemplateDefinition } from '../../definitions/template/template-definition.schema.js';
import { renderTemplate, type RenderedMessage, type RenderResult } from './render-template.js';

function template(input: Record<string, unknown>): TemplateDefinition {
  const r = parseTemplateDefinition({ version: 1, ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.template;
}

const bank = { name: '우리은행', contactNumber: '1588-5000', optOutNumber: '080-123-4567' };
const context = (extra: Record<string, unknown> = {}) => ({
  customer: { name: '홍*동' },
  bank,
  recommendations: [],
  message: { unsubscribeUrl: 'https://bank.example/u/abc', unsubscribeMailto: 'mailto:u@bank.example' },
  ...extra,
});

function rendered(result: RenderResult): RenderedMessage {
  if (result.status !== 'rendered') throw new Error(JSON.stringify(result));
  return result.message;
}

const adSms = template({ channel: 'sms', kind: 'advertising', text: '{{ customer.name }} 고객님, 12월 특판 예금을 확인하세요.' });
const infoSms = template({ channel: 'sms', kind: 'informational', text: '{{ customer.name }} 고객님, 이체가 완료되었습니다.' });
const adEmail = template({
  channel: 'email',
  kind: 'advertising',
  subject: '{{ customer.name }} 고객님 12월 혜택',
  html: '<html><body><p>{{ customer.name }} 고객님</p></body></html>',
  text: '{{ customer.name }} 고객님',
});
const adPush = template({ channel: 'push', kind: 'advertising', title: '12월 혜택', body: '{{ customer.name }} 고객님, 확인하세요', deepLink: 'bankapp://benefits' });
const recommendationSms = template({
  channel: 'sms',
  kind: 'advertising',
  usesRecommendations: true,
  text: '{{ customer.name }} 고객님께 추천:\n{% for r in recommendations %}{{ forloop.index }}. {{ r.name }} {{ r.rateText }}\n{% endfor %}',
});

describe('renderTemplate', () => {
  test('an advertising SMS is marked and classified on its final text', () => {
    const message = rendered(renderTemplate(adSms, context()));
    expect(message).toEqual({
      channel: 'sms',
      text: '(광고)우리은행\n홍*동 고객님, 12월 특판 예금을 확인하세요.\n무료수신거부 080-123-4567',
      // 14 + 1 + 42 + 1 + 25 bytes
      sms: { type: 'SMS', bytes: 83, encoding: 'EUC-KR', overLimit: false },
    });
  });

  test('an informational SMS gets no marking', () => {
    expect(rendered(renderTemplate(infoSms, context()))).toMatchObject({ text: '홍*동 고객님, 이체가 완료되었습니다.' });
  });

  test('an advertising e-mail: "(광고)" subject, footer, one-click List-Unsubscribe headers', () => {
    const message = rendered(renderTemplate(adEmail, context()));
    if (message.channel !== 'email') throw new Error('email expected');
    expect(message.subject).toBe('(광고) 홍*동 고객님 12월 혜택');
    expect(message.html).toContain('보낸 곳: 우리은행 · 문의: 1588-5000');
    expect(message.html).toContain('href="https://bank.example/u/abc"');
    expect(message.text).toContain('수신거부 (unsubscribe): https://bank.example/u/abc');
    expect(message.headers).toEqual({ 'List-Unsubscribe': '<https://bank.example/u/abc>, <mailto:u@bank.example>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  test('an informational e-mail has no marking, footer or unsubscribe headers', () => {
    const info = template({ ...adEmail, kind: 'informational' });
    const message = rendered(renderTemplate(info, context()));
    expect(message).toMatchObject({ subject: '홍*동 고객님 12월 혜택', headers: {} });
    if (message.channel === 'email') expect(message.html).not.toContain('data-legal-footer');
  });

  test('an advertising e-mail without an unsubscribe link is not rendered', () => {
    expect(renderTemplate(adEmail, context({ message: {} }))).toEqual({
      status: 'failed',
      problems: [expect.objectContaining({ path: 'context.message.unsubscribeUrl', code: 'unsubscribeUrlRequired' })],
    });
  });

  test('an advertising push: "(광고)" title and how to turn it off', () => {
    expect(rendered(renderTemplate(adPush, context()))).toEqual({
      channel: 'push',
      title: '(광고) 12월 혜택',
      body: '홍*동 고객님, 확인하세요\n수신거부: 설정 > 알림',
      deepLink: 'bankapp://benefits',
    });
    expect(rendered(renderTemplate(template({ ...adPush, kind: 'informational' }), context()))).toMatchObject({ title: '12월 혜택', body: '홍*동 고객님, 확인하세요' });
  });

  test('a template already starting with "(광고)" is not marked twice', () => {
    const marked = template({ channel: 'sms', kind: 'advertising', text: '(광고) 12월 특판' });
    expect(rendered(renderTemplate(marked, context()))).toMatchObject({ text: '(광고)우리은행\n12월 특판\n무료수신거부 080-123-4567' });
    const push = template({ channel: 'push', kind: 'advertising', title: '(광고) 혜택', body: 'b' });
    expect(rendered(renderTemplate(push, context()))).toMatchObject({ title: '(광고) 혜택' });
  });

  test('a customer name with markup is escaped in e-mail HTML, left as text in SMS', () => {
    const name = '<script>alert("x")</script>';
    const message = rendered(renderTemplate(adEmail, context({ customer: { name } })));
    if (message.channel !== 'email') throw new Error('email expected');
    expect(message.html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(message.html).not.toContain('<script>');
    expect(rendered(renderTemplate(infoSms, context({ customer: { name } })))).toMatchObject({ text: `${name} 고객님, 이체가 완료되었습니다.` });
  });

  test('a line break in a value cannot add an e-mail header', () => {
    const message = rendered(renderTemplate(adEmail, context({ customer: { name: '홍\r\nBcc: x@evil.example' } })));
    expect(message).toMatchObject({ subject: '(광고) 홍 Bcc: x@evil.example 고객님 12월 혜택' });
  });

  test('recommendations are listed; none suppresses the message', () => {
    const recommendations = [
      { name: '정기예금', rateText: '연 3.50%', url: 'https://bank.example/p/1' },
      { name: '적금', rateText: '연 4.00%', url: 'https://bank.example/p/2' },
    ];
    expect(rendered(renderTemplate(recommendationSms, context({ recommendations })))).toMatchObject({
      text: '(광고)우리은행\n홍*동 고객님께 추천:\n1. 정기예금 연 3.50%\n2. 적금 연 4.00%\n무료수신거부 080-123-4567',
    });
    expect(renderTemplate(recommendationSms, context({ recommendations: [] }))).toEqual({ status: 'suppressed', suppressed: 'noRecommendation' });
  });

  test('a context outside the catalogue, or over three recommendations, is refused as data', () => {
    const r = renderTemplate(adSms, context({ bank: { ...bank, optOutNumber: '02-123-4567' } }));
    expect(r).toMatchObject({ status: 'failed', problems: [expect.objectContaining({ path: 'context.bank.optOutNumber', code: 'contextInvalid' })] });
    const many = Array.from({ length: 4 }, () => ({ name: 'n', rateText: 'r', url: 'u' }));
    expect(renderTemplate(recommendationSms, context({ recommendations: many }))).toMatchObject({ status: 'failed' });
  });

  test('a variable missing from the context fails the render; it never renders blank', () => {
    const unchecked = template({ channel: 'sms', kind: 'informational', text: '{{ customer.nickname }}님' });
    expect(renderTemplate(unchecked, context())).toEqual({
      status: 'failed',
      problems: [expect.objectContaining({ path: 'text', code: 'renderFailed', line: 1, column: 4 })],
    });
  });

  test('a rendered SMS over 2,000 bytes is refused; a subject makes an LMS', () => {
    const long = template({ channel: 'sms', kind: 'informational', text: '{{ customer.name }}' });
    expect(renderTemplate(long, context({ customer: { name: '가'.repeat(200) } }), { smsLimits: { lmsBytes: 300 } })).toMatchObject({
      status: 'failed',
      problems: [expect.objectContaining({ code: 'smsTooLong', params: { bytes: 400, encoding: 'EUC-KR', max: 300 } })],
    });
    const lms = template({ channel: 'sms', kind: 'advertising', subject: '12월 혜택', text: '짧은 글' });
    expect(rendered(renderTemplate(lms, context()))).toMatchObject({ subject: '(광고) 12월 혜택', sms: { type: 'LMS' } });
  });

  test('property: arbitrary strings in the context never make rendering throw, nor put a raw "<" from a value into e-mail HTML', () => {
    const html = template({
      channel: 'email',
      kind: 'advertising',
      usesRecommendations: true,
      subject: '{{ customer.name }}',
      html: '<p>{{ customer.name }}</p><p>{{ bank.name | upcase }}</p>{% for r in recommendations %}<a href="{{ r.url }}">{{ r.name | append: "!" }} {{ r.rateText }}</a>{% endfor %}',
      text: '{{ customer.name }}',
    });
    const value = fc.string({ unit: 'binary', maxLength: 40 });
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(name, value, fc.array(fc.record({ name: value, rateText: value, url: value }), { minLength: 1, maxLength: 3 }), (name, bankName, recommendations) => {
        const ctx = context({ customer: { name }, bank: { ...bank, name: bankName || 'b' }, recommendations });
        const result = renderTemplate(html, ctx);
        if (result.status !== 'rendered' || result.message.channel !== 'email') return false;
        // The template's own markup has no "<" followed by anything but these tags; any other "<" came from a value.
        const withoutTemplateMarkup = result.message.html.replace(/<\/?(p|a|div)\b[^<>]*>/g, '');
        if (withoutTemplateMarkup.includes('<')) return false;
        renderTemplate(adSms, ctx);
        renderTemplate(adPush, ctx);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
