import { customerInputSchema, fieldErrorsOf, koreanName, latinName } from './customer-input.schema.js';

const today = '2026-01-15';
const schema = customerInputSchema(today);
const valid = {
  customerNo: 'C0012345',
  name: '홍길동',
  nameEn: 'Hong Gildong',
  gender: 'M',
  birthDate: '1985-03-14',
  mobile: '01012345678',
  email: ' Hong@Example.COM ',
  region: 'BUSAN',
  branchCode: 'B001',
  segmentLabel: '우수',
  propensity: 'NEUTRAL',
  riskGrade: 'LOW',
  assignedStaffId: '5',
  consentSms: 'true',
  consentEmail: 'false',
  consentPush: '1',
  consentNight: '',
};

/** The field errors of `payload`, or {} when it is valid. */
function errorsOf(payload: Record<string, unknown>) {
  const r = schema.safeParse(payload);
  return r.success ? {} : fieldErrorsOf(r.error);
}

test('a valid form is normalised: mobile formatted, e-mail lower-cased, flags and numbers parsed, blanks dropped', () => {
  const r = schema.safeParse(valid);
  expect(r.success).toBe(true);
  expect(r.data).toMatchObject({
    customerNo: 'C0012345',
    name: '홍길동',
    mobile: '010-1234-5678',
    email: 'hong@example.com',
    birthDate: '1985-03-14',
    assignedStaffId: 5,
    consentSms: true,
    consentEmail: false,
    consentPush: true,
  });
  expect(r.data!.consentNight).toBeUndefined();
});

test('a date-time from the date picker keeps its calendar day', () => {
  expect(schema.parse({ ...valid, birthDate: '1985-03-14T00:00:00.000Z' }).birthDate).toBe('1985-03-14');
});

test('empty strings mean "not given" for optional fields', () => {
  const r = schema.parse({ name: "John O'Neil", mobile: '', email: '', birthDate: '', region: '', propensity: '', assignedStaffId: '' });
  expect(r).toMatchObject({ name: "John O'Neil" });
  for (const k of ['mobile', 'email', 'birthDate', 'region', 'propensity', 'assignedStaffId'] as const) expect(r[k]).toBeUndefined();
});

test.each([
  ['name', undefined, '이름을 입력하세요'],
  ['name', '', '이름을 입력하세요'],
  ['name', '홍', '이름은 한글 2~20자 또는 영문 60자 이내(공백, 마침표, 하이픈, 아포스트로피 허용)로 입력하세요'],
  ['name', 'John3', '이름은 한글 2~20자 또는 영문 60자 이내(공백, 마침표, 하이픈, 아포스트로피 허용)로 입력하세요'],
  ['name', '홍길동John', '이름은 한글 2~20자 또는 영문 60자 이내(공백, 마침표, 하이픈, 아포스트로피 허용)로 입력하세요'],
  ['name', '가'.repeat(21), '이름은 한글 2~20자 또는 영문 60자 이내(공백, 마침표, 하이픈, 아포스트로피 허용)로 입력하세요'],
  ['customerNo', 'c0012345', '고객번호는 영문 대문자 1자와 숫자 7~12자리입니다 (예: C0012345)'],
  ['customerNo', 'C123', '고객번호는 영문 대문자 1자와 숫자 7~12자리입니다 (예: C0012345)'],
  ['gender', 'X', '성별은 M 또는 F입니다'],
  ['birthDate', '14/03/1985', '생년월일은 YYYY-MM-DD 형식입니다'],
  ['birthDate', '2023-02-30', '존재하지 않는 날짜입니다'],
  ['birthDate', '2023-13-01', '존재하지 않는 날짜입니다'],
  ['birthDate', today, '생년월일은 오늘 이전이어야 합니다'],
  ['birthDate', '2026-01-16', '생년월일은 오늘 이전이어야 합니다'],
  ['birthDate', '1899-12-31', '생년월일은 1900-01-01 이후여야 합니다'],
  ['mobile', '011-1234-5678', '휴대폰 번호는 010-XXXX-XXXX 형식입니다'],
  ['mobile', '010-123-456', '휴대폰 번호는 010-XXXX-XXXX 형식입니다'],
  ['email', 'not-an-email', '올바른 이메일 주소가 아닙니다 (예: name@example.com)'],
  ['region', 'MARS', '지역 값이 올바르지 않습니다'],
  ['region', 'busan', '지역 값이 올바르지 않습니다'],
  ['propensity', 'YOLO', '투자성향 값이 올바르지 않습니다'],
  ['riskGrade', 'EXTREME', '위험등급 값이 올바르지 않습니다'],
  ['segmentLabel', 'x'.repeat(41), '세그먼트 라벨은 40자 이내입니다'],
  ['assignedStaffId', 'abc', '담당 직원이 올바르지 않습니다'],
  ['assignedStaffId', '-3', '담당 직원이 올바르지 않습니다'],
])('%s = %p is refused with %p, and only that field is reported', (field, value, message) => {
  const errors = errorsOf({ ...valid, [field]: value });
  expect(Object.keys(errors)).toEqual([field]);
  expect(errors[field]!.message).toBe(message);
});

test('several bad fields are reported together, one message each', () => {
  const errors = errorsOf({ name: '홍', mobile: 'x', email: 'y', region: 'MARS' });
  expect(Object.keys(errors).sort()).toEqual(['email', 'mobile', 'name', 'region']);
});

test('name rules: Korean 2-20 syllables, or Latin letters with space, period, hyphen and apostrophe', () => {
  for (const ok of ['홍길동', '김철', "John O'Neil", 'Mary-Jane Smith', 'J. R. Smith']) expect(koreanName.test(ok) || latinName.test(ok)).toBe(true);
  for (const bad of ['홍', 'ㅎㄱㄷ', 'J', '-John', "John'", 'John_Smith', '홍 길동']) expect(koreanName.test(bad) || latinName.test(bad)).toBe(false);
});

test('the birth-date limit follows the date the schema is built for', () => {
  expect(customerInputSchema('2026-01-16').safeParse({ ...valid, birthDate: '2026-01-15' }).success).toBe(true);
  expect(customerInputSchema('2026-01-15').safeParse({ ...valid, birthDate: '2026-01-15' }).success).toBe(false);
});
