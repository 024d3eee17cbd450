import { submitProblems } from './version-lifecycle.rules.js';
import { versionInputSchema, tierInputSchema } from './catalogue-input.schema.js';
import { approvalRefusal } from './approval-action.js';
import { localise } from '../shared/bilingual.js';
import { nextVersionUrl } from '../../admin/components/version-setup-url.js';

/** The pure pieces of product setup: what blocks a submit, eligibility input, who may approve, the pre-filled next version. */
describe('submitProblems', () => {
  test('lists every reason at once, in both languages', () => {
    const p = submitProblems({ productType: 'DEPOSIT', tierCount: 0, disclosureStatus: null });
    expect(p).toEqual(['금리 구간을 하나 이상 등록한 뒤 승인 요청하세요', '공시 문안(상품설명서)을 작성한 뒤 승인 요청하세요']);
    expect(p.map((m) => localise(m, 'en'))).toEqual(['Add at least one rate tier before submitting for approval', 'Write the disclosure text before submitting for approval']);
  });
  test('a card needs no rate table; any live disclosure (draft, under review, approved) will do', () => {
    expect(submitProblems({ productType: 'CARD', tierCount: 0, disclosureStatus: 'DRAFT' })).toEqual([]);
    expect(submitProblems({ productType: 'SAVINGS', tierCount: 2, disclosureStatus: 'PENDING_REVIEW' })).toEqual([]);
    expect(submitProblems({ productType: 'LOAN', tierCount: 1, disclosureStatus: 'APPROVED' })).toEqual([]);
    expect(submitProblems({ productType: 'LOAN', tierCount: 1, disclosureStatus: 'SUPERSEDED' })).toHaveLength(1);
  });
});

describe('eligibility on the version form', () => {
  const base = { productId: '1', validFrom: '2026-01-01' };
  const errors = (input: Record<string, unknown>) => {
    const r = versionInputSchema.safeParse({ ...base, ...input });
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };
  test('ages 0–120, minimum not above maximum; regions from the list, stored comma-separated', () => {
    const ok = versionInputSchema.parse({ ...base, minAge: '19', maxAge: '34', eligibleGender: 'F', eligibleRegions: 'seoul, BUSAN,SEOUL' });
    expect(ok).toMatchObject({ minAge: 19, maxAge: 34, eligibleGender: 'F', eligibleRegions: 'SEOUL,BUSAN' });
    expect(versionInputSchema.parse({ ...base, eligibleRegions: ['JEJU'] }).eligibleRegions).toBe('JEJU');
    expect(versionInputSchema.parse({ ...base, minAge: '', eligibleRegions: '' })).toMatchObject({ minAge: undefined, eligibleRegions: undefined });
    expect(errors({ minAge: '121' })).toEqual({ minAge: '최소 가입 연령은(는) 120 이하여야 합니다' });
    expect(errors({ maxAge: '-1' })).toEqual({ maxAge: '최대 가입 연령은(는) 0 이상이어야 합니다' });
    expect(errors({ minAge: '40', maxAge: '30' })).toEqual({ maxAge: '최대 가입 연령이 최소 가입 연령보다 낮습니다' });
    expect(errors({ eligibleRegions: 'SEOUL,ATLANTIS' })).toEqual({ eligibleRegions: '알 수 없는 지역 코드가 있습니다' });
    expect(errors({ eligibleGender: 'X' })).toEqual({ eligibleGender: '가입 가능 성별이 올바르지 않습니다' });
    expect(localise('최대 가입 연령이 최소 가입 연령보다 낮습니다', 'en')).toBe('The maximum age is below the minimum age');
    expect(localise('최소 가입 연령은(는) 120 이하여야 합니다', 'en')).toBe('The minimum age must be at most 120');
  });
  test('several wrong fields are reported together', () => {
    expect(Object.keys(errors({ validFrom: 'someday', minAge: 'x', eligibleRegions: 'MARS' })).sort()).toEqual(['eligibleRegions', 'minAge', 'validFrom']);
  });
  test('rate tiers keep their Korean messages and gain English ones', () => {
    const r = tierInputSchema.safeParse({ productVersionId: '1', rateBp: '', amountMin: '1,000', amountMax: '10' });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages).toContain('금리(bp)를 입력하세요');
    expect(localise('금리(bp)를 입력하세요', 'en')).toBe('Enter the rate');
  });
});

describe('approvalRefusal (maker-checker in words)', () => {
  const compliance = { id: '5', email: 'c@x', role: 'compliance' };
  const product = { id: '7', email: 'p@x', role: 'product' };
  test('own work, not the checker, not pending', () => {
    expect(approvalRefusal(product, 'ProductVersion', true, [{ authorId: 7, lastEditedBy: 7 }])).toBe('ownWork');
    expect(approvalRefusal(product, 'ProductVersion', true, [{ authorId: 8, lastEditedBy: 8 }])).toBe('notChecker');
    expect(approvalRefusal(compliance, 'Disclosure', true, [{ authorId: 7, lastEditedBy: 5 }])).toBe('ownWork');
    expect(
      approvalRefusal(compliance, 'ProductVersion', true, [
        { authorId: 7, lastEditedBy: 7 },
        { authorId: 5, lastEditedBy: 5 },
      ]),
    ).toBe('ownWork');
    expect(approvalRefusal(compliance, 'ProductVersion', false, [{ authorId: 7, lastEditedBy: 7 }])).toBe('notPending');
    expect(approvalRefusal(compliance, 'ProductVersion', true, [{ authorId: 7, lastEditedBy: 7 }])).toBeNull();
  });
});

describe('nextVersionUrl', () => {
  test('the product, the day after the latest version starts (or ends), never before today, its conditions and eligibility', () => {
    const url = new URL(
      nextVersionUrl(3, { validFrom: '2026-12-01', validTo: null, conditions: '1년', minAge: 19, maxAge: 34, eligibleGender: null, eligibleRegions: 'SEOUL' }, '2026-11-01'),
      'http://x',
    );
    expect(url.pathname).toBe('/admin/resources/ProductVersion/actions/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({ productId: '3', validFrom: '2026-12-02', conditions: '1년', minAge: '19', maxAge: '34', eligibleRegions: 'SEOUL' });
    expect(new URL(nextVersionUrl(3, { validFrom: '2026-01-01', validTo: '2026-06-30' }, '2026-12-07'), 'http://x').searchParams.get('validFrom')).toBe('2026-12-07');
    expect(new URL(nextVersionUrl(3, undefined, '2026-12-07'), 'http://x').searchParams.get('validFrom')).toBe('2026-12-07');
  });
});
