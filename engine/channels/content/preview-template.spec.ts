import { previewTemplate } from './preview-template.js';
import { validateTemplate } from './validate-template.js';

const sender = { name: '우리은행', contactNumber: '1588-5000', optOutNumber: '080-123-4567' };
const sample = {
  customer: { name: '홍*동' },
  bank: sender,
  recommendations: [{ name: '정기예금', rateText: '연 3.50%', url: 'https://bank.example/p/1' }],
  message: { unsubscribeUrl: 'https://bank.example/u/sample' },
};

describe('validateTemplate (save time)', () => {
  test('the SMS is counted as written and with the longest plausible values, marking included', () => {
    const v = validateTemplate({ version: 1, channel: 'sms', kind: 'advertising', text: '{{ customer.name }}님 안녕하세요' }, { sender });
    expect(v.ok).toBe(true);
    // "(광고)우리은행\n" 15 + "{{ customer.name }}" 19 + "님 안녕하세요" 13 + "\n무료수신거부 080-123-4567" 26
    expect(v.smsLengths?.asWritten).toEqual({ type: 'SMS', bytes: 73, encoding: 'EUC-KR', overLimit: false });
    // the longest plausible name, 남궁가나다라마, is 14 bytes
    expect(v.smsLengths?.longest).toEqual({ type: 'SMS', bytes: 68, encoding: 'EUC-KR', overLimit: false });
  });

  test('over the LMS limit as written, or with the longest values, is a problem', () => {
    const asWritten = validateTemplate({ version: 1, channel: 'sms', kind: 'informational', text: '가'.repeat(1001) }, { sender });
    expect(asWritten.problems).toEqual([expect.objectContaining({ path: 'text', code: 'smsTooLongAsWritten', params: { bytes: 2002, encoding: 'EUC-KR', max: 2000 } })]);
    // 62 + 27 bytes as written; 62 + 37 with the longest plausible product name
    const text = `${'가'.repeat(31)}{{recommendations[0].name}}`;
    const longest = validateTemplate({ version: 1, channel: 'sms', kind: 'informational', usesRecommendations: true, text }, { sender, smsLimits: { lmsBytes: 90 } });
    expect(longest.smsLengths?.asWritten.bytes).toBe(89);
    expect(longest.problems).toEqual([expect.objectContaining({ code: 'smsTooLongLongest', params: { bytes: 99, encoding: 'EUC-KR', max: 90 } })]);
  });

  test('an LMS subject over its byte limit is a problem', () => {
    const v = validateTemplate({ version: 1, channel: 'sms', kind: 'advertising', subject: '가'.repeat(18), text: '본문' }, { sender });
    expect(v.problems).toEqual([expect.objectContaining({ path: 'subject', code: 'smsSubjectTooLong', params: { bytes: 43, max: 40 } })]);
  });

  test('disguised "(광고)" and "(광고)" on an informational template are problems', () => {
    expect(validateTemplate({ version: 1, channel: 'sms', kind: 'advertising', text: '(광 고) 특판' }, { sender }).problems).toEqual([
      expect.objectContaining({ code: 'adMarkVariant', params: { found: '(광 고)' } }),
    ]);
    expect(validateTemplate({ version: 1, channel: 'push', kind: 'informational', title: '(광고) 특판', body: 'b' }, { sender }).problems).toEqual([
      expect.objectContaining({ path: 'title', code: 'informationalMarkedAsAd' }),
    ]);
  });

  test('schema problems come first and alone', () => {
    expect(validateTemplate({ version: 2, channel: 'sms', kind: 'advertising', text: 'x' }, { sender })).toMatchObject({ ok: false, problems: [{ path: 'version' }] });
  });
});

describe('previewTemplate', () => {
  test('SMS: the final text with marking, its classification, the counts', () => {
    const p = previewTemplate(
      { version: 1, channel: 'sms', kind: 'advertising', usesRecommendations: true, text: '{{ customer.name }}님 추천: {{ recommendations.first.name }}' },
      sample,
    );
    expect(p.problems).toEqual([]);
    expect(p.rendered).toEqual({
      status: 'rendered',
      message: { channel: 'sms', text: '(광고)우리은행\n홍*동님 추천: 정기예금\n무료수신거부 080-123-4567', sms: { type: 'SMS', bytes: 63, encoding: 'EUC-KR', overLimit: false } },
    });
    // as written: 15 + 19 + 9 + 32 + 26 bytes; longest: 15 + 14 + 9 + 37 + 26
    expect(p.smsLengths).toEqual({ asWritten: expect.objectContaining({ type: 'LMS', bytes: 101 }), longest: expect.objectContaining({ type: 'LMS', bytes: 101 }) });
  });

  test('e-mail: subject, html, text and headers', () => {
    const p = previewTemplate({ version: 1, channel: 'email', kind: 'advertising', subject: '혜택', html: '<p>{{ customer.name }}</p>', text: '{{ customer.name }}' }, sample);
    expect(p.rendered).toMatchObject({
      status: 'rendered',
      message: { subject: '(광고) 혜택', headers: { 'List-Unsubscribe': '<https://bank.example/u/sample>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
    });
  });

  test('push: title and body with the opt-out instruction', () => {
    const p = previewTemplate({ version: 1, channel: 'push', kind: 'advertising', title: '혜택', body: '{{ customer.name }}님' }, sample, {
      pushOptOut: '수신거부: 전체메뉴 > 설정 > 알림',
    });
    expect(p.rendered).toMatchObject({ message: { title: '(광고) 혜택', body: '홍*동님\n수신거부: 전체메뉴 > 설정 > 알림' } });
  });

  test('the Liquid problems are shown with the failed render', () => {
    const p = previewTemplate({ version: 1, channel: 'sms', kind: 'informational', text: '{{ customer.nmae }}' }, sample);
    expect(p.problems).toEqual([expect.objectContaining({ code: 'unknownVariable', line: 1, column: 4 })]);
    expect(p.rendered).toMatchObject({ status: 'failed' });
  });

  test('an invalid template returns its problems without a render', () => {
    const p = previewTemplate({ version: 1, channel: 'sms' }, sample);
    expect(p.rendered).toBeUndefined();
    expect(p.problems.length).toBeGreaterThan(0);
  });
});
