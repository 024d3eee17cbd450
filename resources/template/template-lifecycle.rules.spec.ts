import { decideTemplateCommand, parseReviewInstant, reviewValidity, templateEditMode } from './template-lifecycle.rules.js';

const now = new Date('2026-12-01T00:00:00Z');
const review = { reviewNumber: '준법 2026-123', validFrom: '2026-12-01', validUntil: '2027-05-31' };

describe('template lifecycle rules', () => {
  it('submits a draft only', () => {
    expect(decideTemplateCommand('submit', { status: 'DRAFT', authorId: 1 }, 1, {}, now)).toEqual({ ok: true, to: 'PENDING' });
    for (const status of ['PENDING', 'APPROVED', 'REJECTED', 'RETIRED'] as const) {
      expect(decideTemplateCommand('submit', { status, authorId: 1 }, 1, {}, now)).toMatchObject({ ok: false, code: 'illegalTransition', kind: 'conflict' });
    }
  });

  it('approves a pending template by someone other than the author, with a review number and a period', () => {
    const d = decideTemplateCommand('approve', { status: 'PENDING', authorId: 1 }, 2, review, now);
    expect(d).toMatchObject({ ok: true, to: 'APPROVED', review: { reviewNumber: '준법 2026-123' } });
    expect(decideTemplateCommand('approve', { status: 'PENDING', authorId: 1 }, 1, review, now)).toMatchObject({ ok: false, code: 'authorCannotApprove' });
    expect(decideTemplateCommand('approve', { status: 'DRAFT', authorId: 1 }, 2, review, now)).toMatchObject({ ok: false, code: 'illegalTransition' });
  });

  it('refuses an approval without a review number or with a bad period', () => {
    const s = { status: 'PENDING' as const, authorId: 1 };
    expect(decideTemplateCommand('approve', s, 2, { ...review, reviewNumber: ' ' }, now)).toMatchObject({ ok: false, code: 'reviewNumberRequired', path: 'reviewNumber' });
    expect(decideTemplateCommand('approve', s, 2, { ...review, validFrom: '2026-02-30' }, now)).toMatchObject({ ok: false, code: 'validFromInvalid' });
    expect(decideTemplateCommand('approve', s, 2, { ...review, validUntil: 'soon' }, now)).toMatchObject({ ok: false, code: 'validUntilInvalid' });
    expect(decideTemplateCommand('approve', s, 2, { ...review, validUntil: '2026-11-30' }, now)).toMatchObject({ ok: false, code: 'validUntilBeforeFrom' });
    expect(decideTemplateCommand('approve', s, 2, { ...review, validFrom: '2026-01-01', validUntil: '2026-06-30' }, now)).toMatchObject({ ok: false, code: 'validUntilPast' });
  });

  it('rejects a pending template with a reason; retires an approved one', () => {
    expect(decideTemplateCommand('reject', { status: 'PENDING', authorId: 1 }, 2, { reason: '금리 표기 누락' }, now)).toEqual({
      ok: true,
      to: 'REJECTED',
      reason: '금리 표기 누락',
    });
    expect(decideTemplateCommand('reject', { status: 'PENDING', authorId: 1 }, 2, { reason: '' }, now)).toMatchObject({ ok: false, code: 'reasonRequired' });
    expect(decideTemplateCommand('retire', { status: 'APPROVED', authorId: 1 }, 2, {}, now)).toEqual({ ok: true, to: 'RETIRED' });
    expect(decideTemplateCommand('retire', { status: 'DRAFT', authorId: 1 }, 2, {}, now)).toMatchObject({ ok: false, code: 'illegalTransition' });
  });

  it('edits drafts and rejected templates in place, approved ones as a new revision, nothing else', () => {
    expect(templateEditMode('DRAFT')).toBe('in-place');
    expect(templateEditMode('REJECTED')).toBe('in-place');
    expect(templateEditMode('APPROVED')).toBe('new-revision');
    expect(templateEditMode('PENDING')).toBe('refused');
    expect(templateEditMode('RETIRED')).toBe('refused');
  });

  it('reads review dates as Korean calendar days and judges validity', () => {
    expect(parseReviewInstant('2026-12-01')?.toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(parseReviewInstant('2026-12-01T09:00:00+09:00')?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(parseReviewInstant('2026-12-01T09:00:00')).toBeNull();
    const from = new Date('2026-11-01T00:00:00Z');
    const until = new Date('2026-12-31T00:00:00Z');
    expect(reviewValidity(from, until, now)).toBe('valid');
    expect(reviewValidity(from, until, new Date('2026-10-01T00:00:00Z'))).toBe('notYetValid');
    expect(reviewValidity(from, until, until)).toBe('expired');
  });
});
