import { classifySms, smsBytes } from './sms-length.js';

describe('SMS bytes as Korean carriers count them', () => {
  test('Hangul 2 bytes a syllable, ASCII 1, line breaks as written', () => {
    expect(smsBytes('안녕하세요')).toEqual({ bytes: 10, encoding: 'EUC-KR' });
    expect(smsBytes('abc 123')).toEqual({ bytes: 7, encoding: 'EUC-KR' });
    expect(smsBytes('홍길동 고객님, 12월 혜택!')).toEqual({ bytes: 25, encoding: 'EUC-KR' });
    expect(smsBytes('가\n나')).toEqual({ bytes: 5, encoding: 'EUC-KR' });
    expect(smsBytes('(광고)우리은행')).toEqual({ bytes: 14, encoding: 'EUC-KR' });
  });

  test('syllables outside KS X 1001 still count 2 bytes (CP949)', () => {
    expect(smsBytes('똠햏뷁')).toEqual({ bytes: 6, encoding: 'EUC-KR' });
  });

  test('an emoji or a character CP949 lacks forces UCS-2, 2 bytes per UTF-16 unit', () => {
    expect(smsBytes('😀')).toEqual({ bytes: 4, encoding: 'UCS-2' });
    expect(smsBytes('안녕 😀')).toEqual({ bytes: 10, encoding: 'UCS-2' });
    expect(smsBytes('䶵')).toEqual({ bytes: 2, encoding: 'UCS-2' });
    expect(smsBytes('abc')).toEqual({ bytes: 3, encoding: 'EUC-KR' });
    expect(smsBytes('abc😀').bytes).toBe(10);
  });

  test('90 bytes is an SMS, 91 an LMS', () => {
    expect(classifySms('가'.repeat(45))).toEqual({ type: 'SMS', bytes: 90, encoding: 'EUC-KR', overLimit: false });
    expect(classifySms('가'.repeat(45) + 'a')).toEqual({ type: 'LMS', bytes: 91, encoding: 'EUC-KR', overLimit: false });
    expect(classifySms('a'.repeat(90)).type).toBe('SMS');
    expect(classifySms('😀'.repeat(22) + 'a')).toMatchObject({ type: 'SMS', bytes: 90, encoding: 'UCS-2' });
    expect(classifySms('😀'.repeat(22) + 'ab')).toMatchObject({ type: 'LMS', bytes: 92, encoding: 'UCS-2' });
  });

  test('2,000 bytes is the most an LMS carries', () => {
    expect(classifySms('가'.repeat(1000))).toMatchObject({ type: 'LMS', bytes: 2000, overLimit: false });
    expect(classifySms('가'.repeat(1000) + '.')).toMatchObject({ type: 'LMS', bytes: 2001, overLimit: true });
  });

  test('limits are configurable; a subject makes an LMS', () => {
    expect(classifySms('가'.repeat(41), { smsBytes: 80 }).type).toBe('LMS');
    expect(classifySms('가'.repeat(40), { smsBytes: 80 }).type).toBe('SMS');
    expect(classifySms('a'.repeat(11), { lmsBytes: 10 }).overLimit).toBe(true);
    expect(classifySms('짧은 글', {}, { hasSubject: true }).type).toBe('LMS');
  });
});
