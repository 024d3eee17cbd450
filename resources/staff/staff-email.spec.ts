import { normaliseStaffEmail, staffEmailProblem } from './staff-email.js';

test('one normal form: NFC, trimmed, lower-case', () => {
  expect(normaliseStaffEmail('  Admin@Demo.Bank\t')).toBe('admin@demo.bank');
  expect(normaliseStaffEmail('A\u0301dmin@demo.bank')).toBe('\u00e1dmin@demo.bank');
  expect(normaliseStaffEmail('ADMIN@DEMO.BANK')).toBe(normaliseStaffEmail('admin@demo.bank'));
});

test.each([
  ['ad\u200bmin@demo.bank', 'emailInvisibleCharacters'],
  ['admin\u00ad@demo.bank', 'emailInvisibleCharacters'],
  ['admin@demo\u202e.bank', 'emailInvisibleCharacters'],
  ['ad min@demo.bank', 'emailInvisibleCharacters'],
  ['ad\u3164min@demo.bank', 'emailInvisibleCharacters'],
  ['admin@demo', 'invalidEmail'],
  ['admin@@demo.bank', 'invalidEmail'],
  [`${'a'.repeat(185)}@demo.bank`, 'invalidEmail'],
  ['admin@demo.bank', null],
  ['\u00e1dmin@\uc740\ud589.kr', null],
])('%j -> %s', (email, problem) => {
  expect(staffEmailProblem(email)).toBe(problem);
});
