import iconv from 'iconv-lite';

/**
 * SMS length as Korean carriers and SMS brokers count it: bytes, not
 * characters. A text that CP949 (the superset of EUC-KR that Korean phones
 * use; iconv-lite's `cp949`) can encode is counted in it: a Hangul syllable
 * or a Hanja/symbol of KS X 1001 is 2 bytes, ASCII 1 byte. A text with one
 * character CP949 cannot encode (an emoji, a rare Hanja, most non-Korean
 * scripts) has to travel as UCS-2, and then every UTF-16 unit counts 2 bytes
 * (an emoji outside the BMP is two units: 4 bytes). Line breaks count as
 * written ("\n" 1 byte).
 */

export type SmsEncoding = 'EUC-KR' | 'UCS-2';
export type SmsType = 'SMS' | 'LMS';

export interface SmsLimits {
  /** Bytes an SMS may carry (brokers in Korea: 90). */
  smsBytes: number;
  /** Bytes an LMS may carry (brokers in Korea: 2,000). */
  lmsBytes: number;
  /** Bytes of an LMS subject; brokers differ (30 to 120), 40 is a safe common value. */
  lmsSubjectBytes: number;
}

export const defaultSmsLimits: SmsLimits = { smsBytes: 90, lmsBytes: 2000, lmsSubjectBytes: 40 };

export interface SmsClassification {
  type: SmsType;
  bytes: number;
  encoding: SmsEncoding;
  /** The text is over the LMS limit: it cannot be sent as it is. */
  overLimit: boolean;
}

/** The bytes a text takes, and in which encoding. */
export function smsBytes(text: string): { bytes: number; encoding: SmsEncoding } {
  const encoded = iconv.encode(text, 'cp949');
  // iconv-lite writes "?" for what it cannot encode: a lossless round trip is the test.
  if (iconv.decode(encoded, 'cp949') === text) return { bytes: encoded.length, encoding: 'EUC-KR' };
  return { bytes: text.length * 2, encoding: 'UCS-2' };
}

/** SMS up to `limits.smsBytes`, LMS above; over `limits.lmsBytes` it is `overLimit` (a problem for the caller). */
export function classifySms(text: string, limits: Partial<SmsLimits> = {}, options: { hasSubject?: boolean } = {}): SmsClassification {
  const { smsBytes: smsMax, lmsBytes: lmsMax } = { ...defaultSmsLimits, ...limits };
  const { bytes, encoding } = smsBytes(text);
  return { type: bytes <= smsMax && !options.hasSubject ? 'SMS' : 'LMS', bytes, encoding, overLimit: bytes > lmsMax };
}
