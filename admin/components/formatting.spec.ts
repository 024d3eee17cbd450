import { formatDate, formatKrw, formatRateBp, percentToBp } from './formatting.js';

test('amounts in KRW with thousands separators, exact beyond 2^53', () => {
  expect(formatKrw('1000000', 'ko')).toBe('1,000,000원');
  expect(formatKrw(1000000, 'en')).toBe('₩1,000,000');
  expect(formatKrw('90071992547409931', 'ko')).toBe('90,071,992,547,409,931원');
  expect(formatKrw(null, 'ko')).toBe('');
});

test('rates: basis points shown in percent, typed percent stored exactly', () => {
  expect(formatRateBp(350, 'ko')).toBe('3.50%');
  expect(formatRateBp('435', 'en')).toBe('4.35%');
  expect(percentToBp('4.35')).toBe(435);
  expect(percentToBp('3.5')).toBe(350);
  expect(percentToBp('3,5 %')).toBe(350);
  expect(percentToBp('12')).toBe(1200);
  expect(percentToBp('1.234')).toBeNull();
  expect(percentToBp('abc')).toBeNull();
});

test('dates per language, on the Korean calendar', () => {
  expect(formatDate('2026-12-07', 'ko')).toBe('2026-12-07');
  expect(formatDate('2026-12-07', 'en')).toBe('7 Dec 2026');
  expect(formatDate('2026-12-06T16:30:00Z', 'ko')).toBe('2026-12-07');
});
