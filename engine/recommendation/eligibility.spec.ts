import { ageOn, checkEligibility, describeEligibility, type EligibilityRule } from './eligibility.js';

const anyone: EligibilityRule = { minAge: null, maxAge: null, eligibleGender: null, eligibleRegions: null };
const youth: EligibilityRule = { ...anyone, minAge: 19, maxAge: 34 };
const facts = (birthDate: string | null, gender: 'M' | 'F' | null = 'F', region: string | null = 'SEOUL') => ({ birthDate, gender, region });

describe('ageOn (만 나이)', () => {
  test('counts full years, the birthday itself included', () => {
    expect(ageOn('2000-12-07', '2026-12-06')).toBe(25);
    expect(ageOn('2000-12-07', '2026-12-07')).toBe(26);
  });
  test('someone born on 29 February is a year older only from 1 March in a common year', () => {
    expect(ageOn('2008-02-29', '2027-02-28')).toBe(18);
    expect(ageOn('2008-02-29', '2027-03-01')).toBe(19);
  });
});

describe('checkEligibility', () => {
  test('no restriction: anyone, even without a birth date', () => {
    expect(checkEligibility(anyone, facts(null, null, null), '2026-12-07')).toEqual({ ok: true });
  });
  test('a youth product (19–34) takes the bounds inclusively and refuses either side with the age in the reason', () => {
    expect(checkEligibility(youth, facts('2007-12-07'), '2026-12-07').ok).toBe(true);
    expect(checkEligibility(youth, facts('1992-12-08'), '2026-12-07').ok).toBe(true);
    const young = checkEligibility(youth, facts('2007-12-08'), '2026-12-07');
    expect(young).toMatchObject({ ok: false, code: 'tooYoung', ko: '만 19세 이상만 가입할 수 있습니다(고객 만 18세)' });
    const old = checkEligibility(youth, facts('1949-05-01'), '2026-12-07');
    expect(old).toMatchObject({ ok: false, code: 'tooOld', en: 'Only customers aged 34 or under may open it (the customer is 77)' });
  });
  test('an age limit without a birth date is refused, not guessed', () => {
    expect(checkEligibility({ ...anyone, maxAge: 14 }, facts(null), '2026-12-07')).toMatchObject({ ok: false, code: 'ageUnknown' });
  });
  test('gender and regions', () => {
    expect(checkEligibility({ ...anyone, eligibleGender: 'F' }, facts('1990-01-01', 'M'), '2026-12-07')).toMatchObject({ ok: false, code: 'gender' });
    expect(checkEligibility({ ...anyone, eligibleRegions: 'BUSAN, ULSAN' }, facts('1990-01-01', 'F', 'SEOUL'), '2026-12-07')).toMatchObject({ ok: false, code: 'region' });
    expect(checkEligibility({ ...anyone, eligibleRegions: 'BUSAN,ULSAN' }, facts('1990-01-01', 'F', 'ULSAN'), '2026-12-07').ok).toBe(true);
    expect(checkEligibility({ ...anyone, eligibleRegions: '' }, facts('1990-01-01', 'F', null), '2026-12-07').ok).toBe(true);
  });
});

describe('describeEligibility', () => {
  test('says who may open it, or null for anyone', () => {
    expect(describeEligibility(anyone)).toBeNull();
    expect(describeEligibility(youth)).toEqual({ ko: '만 19~34세', en: 'aged 19–34' });
    expect(describeEligibility({ ...anyone, maxAge: 14, eligibleGender: 'F' })).toEqual({ ko: '만 14세 이하, 여성', en: 'aged 14 or under, women only' });
  });
});
