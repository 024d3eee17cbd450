import { decideDisclosureCommand, disclosureCommands, editMode, type DisclosureCommand, type DisclosureReview, type DisclosureState } from './disclosure-lifecycle.rules.js';
import { disclosureStatuses, type DisclosureStatus } from '../product/product-attributes.js';

/** The disclosure review cycle as a table written out by hand, then each guard of approval. */
const today = '2026-06-15';
const AUTHOR = 10;
const EDITOR = 11;
const CHECKER = 20;
const review: DisclosureReview = { reviewNo: '준법-2026-001', reviewValidFrom: '2026-06-01', reviewValidTo: '2027-05-31' };
const state = (status: DisclosureStatus): DisclosureState => ({ status, authorId: AUTHOR, lastEditedBy: EDITOR });
const approve = (r: Partial<DisclosureReview>, actor = CHECKER) => decideDisclosureCommand('approve', state('PENDING_REVIEW'), actor, { ...review, ...r }, today, '');

const table: Record<DisclosureStatus, Partial<Record<DisclosureCommand, DisclosureStatus>>> = {
  DRAFT: { submit: 'PENDING_REVIEW' },
  PENDING_REVIEW: { approve: 'APPROVED', reject: 'DRAFT' },
  APPROVED: {},
  SUPERSEDED: {},
};
const refusal: Record<DisclosureCommand, string> = {
  submit: '초안만 심의 요청할 수 있습니다',
  approve: '심의 중인 문안만 승인할 수 있습니다',
  reject: '심의 중인 문안만 반려할 수 있습니다',
};

describe('the transition table', () => {
  test('covers every status and command', () => {
    expect(Object.keys(table).sort()).toEqual([...disclosureStatuses].sort());
    expect([...disclosureCommands].sort()).toEqual(['approve', 'reject', 'submit']);
  });

  const cells = disclosureStatuses.flatMap((status) => disclosureCommands.map((command) => [status, command, table[status][command] ?? null] as const));
  test.each(cells)('%s + %s -> %s', (status, command, to) => {
    const d = decideDisclosureCommand(command, state(status), CHECKER, review, today, '반려 사유');
    expect(d).toEqual(to ? { ok: true, to } : { ok: false, message: refusal[command] });
  });
});

describe('reject', () => {
  test('needs a reason of at least 2 characters, on the comment field', () => {
    for (const comment of ['', '  ', 'x']) {
      expect(decideDisclosureCommand('reject', state('PENDING_REVIEW'), CHECKER, {}, today, comment)).toEqual({ ok: false, message: '반려 사유를 입력하세요', field: 'comment' });
    }
  });
});

describe('approve', () => {
  test('maker-checker: neither the author nor the last editor may approve', () => {
    const message = '문안을 작성하거나 수정한 직원은 승인할 수 없습니다 (maker-checker)';
    expect(approve({}, AUTHOR)).toEqual({ ok: false, message });
    expect(approve({}, EDITOR)).toEqual({ ok: false, message });
    expect(approve({}, CHECKER)).toEqual({ ok: true, to: 'APPROVED' });
  });

  test.each([
    ['missing', undefined],
    ['blank', '   '],
    ['too short', 'ab'],
    ['too long', 'x'.repeat(41)],
  ])('a review number that is %s is refused on reviewNo', (_label, reviewNo) => {
    expect(approve({ reviewNo })).toEqual({ ok: false, message: '심의필 번호를 입력하세요 (3~40자)', field: 'reviewNo' });
  });

  test('a review number of 3 and of 40 characters is accepted (trimmed)', () => {
    expect(approve({ reviewNo: ' abc ' }).ok).toBe(true);
    expect(approve({ reviewNo: 'x'.repeat(40) }).ok).toBe(true);
  });

  test.each([
    ['reviewValidFrom', undefined],
    ['reviewValidFrom', '2026/06/01'],
    ['reviewValidFrom', '2026-6-1'],
    ['reviewValidFrom', '2026-13-01'],
    ['reviewValidTo', undefined],
    ['reviewValidTo', 'tomorrow'],
    ['reviewValidTo', '2027-05-31T00:00:00Z'],
    // Calendar dates that do not exist (V8's Date.parse rolls them over to March/May).
    ['reviewValidFrom', '2026-02-30'],
    ['reviewValidTo', '2027-02-29'],
    ['reviewValidTo', '2027-04-31'],
  ] as const)('%s = %s is not a date and is refused on that field', (field, value) => {
    const d = approve({ [field]: value });
    expect(d).toMatchObject({ ok: false, field, message: expect.stringContaining('YYYY-MM-DD') });
  });

  test('the end may not be before the start', () => {
    expect(approve({ reviewValidFrom: '2026-07-01', reviewValidTo: '2026-06-30' })).toEqual({
      ok: false,
      message: '유효기간 종료일이 시작일보다 빠릅니다',
      field: 'reviewValidTo',
    });
  });

  test('an already expired period is refused; one ending today or starting in the future is accepted', () => {
    expect(approve({ reviewValidFrom: '2026-01-01', reviewValidTo: '2026-06-14' })).toEqual({
      ok: false,
      message: '이미 만료된 유효기간으로는 승인할 수 없습니다',
      field: 'reviewValidTo',
    });
    expect(approve({ reviewValidFrom: '2026-01-01', reviewValidTo: today })).toEqual({ ok: true, to: 'APPROVED' });
    expect(approve({ reviewValidFrom: '2026-07-01', reviewValidTo: '2027-06-30' })).toEqual({ ok: true, to: 'APPROVED' });
    expect(approve({ reviewValidFrom: '2028-02-29', reviewValidTo: '2028-02-29' })).toEqual({ ok: true, to: 'APPROVED' });
  });
});

describe('editMode', () => {
  test('a draft is edited in place, an approved text becomes a new revision, the rest are refused', () => {
    expect(editMode('DRAFT')).toEqual({ mode: 'in-place' });
    expect(editMode('APPROVED')).toEqual({ mode: 'new-revision' });
    expect(editMode('PENDING_REVIEW')).toEqual({ mode: 'refused', message: '심의 중인 문안은 수정할 수 없습니다. 반려된 뒤 수정하세요' });
    expect(editMode('SUPERSEDED')).toEqual({ mode: 'refused', message: '대체된 과거 문안은 수정할 수 없습니다' });
  });
});
