import { maskBirthDate, maskEmail, maskMobile, maskName, normaliseEmail, normaliseMobile } from './contact-format.util.js';

describe('normaliseMobile', () => {
  test.each([
    ['010-1234-5678'],
    ['01012345678'],
    ['010 1234 5678'],
    ['010.1234.5678'],
    ['(010) 1234-5678'],
    ['+82 10 1234 5678'],
    ['+82-10-1234-5678'],
    ['+821012345678'],
    ['  010-1234-5678  '],
  ])('%p is 010-1234-5678', (input) => {
    expect(normaliseMobile(input)).toBe('010-1234-5678');
  });

  test.each([
    [''],
    ['abc'],
    ['011-1234-5678'],
    ['016-123-4567'],
    ['010-123-4567'],
    ['010-1234-56789'],
    ['0101234567'],
    ['010123456789'],
    ['02-1234-5678'],
    ['+1 10 1234 5678'],
    ['010-1234-567a'],
    ['010/1234/5678'],
  ])('%p is not a Korean mobile number', (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });

  test('different spellings of one number normalise to the same value (what duplicate detection relies on)', () => {
    const spellings = ['01098765432', '010-9876-5432', '+82 10 9876 5432', '010 9876 5432'];
    expect(new Set(spellings.map(normaliseMobile))).toEqual(new Set(['010-9876-5432']));
  });
});

describe('normaliseEmail', () => {
  test('trims and lower-cases', () => {
    expect(normaliseEmail('  Hong.GilDong@Example.COM ')).toBe('hong.gildong@example.com');
    expect(normaliseEmail('a+tag@sub.domain.co.kr')).toBe('a+tag@sub.domain.co.kr');
  });

  test.each([
    [''],
    ['not-an-email'],
    ['a@b'],
    ['a@b.c'],
    ['@example.com'],
    ['hong@'],
    ['hong gil@example.com'],
    ['hong@exa mple.com'],
    ['hong@@example.com'],
    ['hong@example.c0m'],
  ])('%p is refused', (input) => {
    expect(normaliseEmail(input)).toBeNull();
  });

  test('addresses longer than 190 characters (the column) are refused', () => {
    const local = 'a'.repeat(178);
    expect(normaliseEmail(`${local}@example.com`)).toBe(`${local}@example.com`); // 190
    expect(normaliseEmail(`${local}a@example.com`)).toBeNull(); // 191
  });
});

describe('masking', () => {
  test('mobile keeps the prefix and the last four digits', () => {
    expect(maskMobile('010-1234-5678')).toBe('010-****-5678');
    expect(maskMobile('010-9876-0001')).toBe('010-****-0001');
  });

  test('e-mail keeps at most two characters of the local part and the whole domain', () => {
    expect(maskEmail('hong.gildong@example.com')).toBe('ho**********@example.com');
    expect(maskEmail('abc@x.kr')).toBe('ab*@x.kr');
    expect(maskEmail('ab@x.kr')).toBe('a*@x.kr');
  });

  test('a masked e-mail never shows the whole local part of addresses of two characters or more', () => {
    for (const local of ['ab', 'abc', 'abcd', 'hong.gildong']) {
      const masked = maskEmail(`${local}@example.com`);
      expect(masked.endsWith('@example.com')).toBe(true);
      expect(masked.split('@')[0]).not.toBe(local);
      expect(masked.split('@')[0]).toContain('*');
    }
  });

  test.each([
    ['홍길동', '홍*동'],
    ['김철', '김*'],
    ['남궁민수', '남**수'],
    ['Hong Gildong', 'H**********g'],
    ["John O'Neil", 'J*********l'],
    ['A', 'A'],
  ])('name %p is shown as %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  test('birth date keeps the year only', () => {
    expect(maskBirthDate('1985-03-14')).toBe('1985-**-**');
  });
});
