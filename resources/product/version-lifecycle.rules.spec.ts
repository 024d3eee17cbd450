import { decideVersionCommand, disclosureProblem, versionCommands, type DisclosureFacts, type VersionCommand, type VersionFacts } from './version-lifecycle.rules.js';
import { versionStatuses, type VersionStatus } from './product-attributes.js';

/**
 * The product-version lifecycle as a table, written out by hand (not derived
 * from versionMoves, so a change to the lifecycle must be a deliberate change
 * here too), then each guard of each step on its own.
 */
const today = '2026-06-15';
const yesterday = '2026-06-14';
const tomorrow = '2026-06-16';
const AUTHOR = 10;
const EDITOR = 11;
const CHECKER = 20;

const validDisclosure: DisclosureFacts = { status: 'APPROVED', reviewNo: '준법-2026-001', reviewValidFrom: '2026-01-01', reviewValidTo: '2026-12-31' };
const facts = (over: Partial<VersionFacts> = {}): VersionFacts => ({
  status: 'DRAFT',
  authorId: AUTHOR,
  lastEditedBy: EDITOR,
  validFrom: '2026-01-01',
  validTo: null,
  productType: 'DEPOSIT',
  tierCount: 2,
  otherPublishedVersionNo: null,
  ...over,
});
const decide = (command: VersionCommand, over: Partial<VersionFacts> = {}, opts: { actor?: number; disclosure?: DisclosureFacts | null; comment?: string; today?: string } = {}) =>
  decideVersionCommand(
    command,
    facts(over),
    opts.actor ?? CHECKER,
    opts.disclosure === undefined ? validDisclosure : opts.disclosure,
    opts.today ?? today,
    opts.comment ?? '충분한 사유',
  );

/** status -> command -> resulting status; absent = refused. */
const table: Record<VersionStatus, Partial<Record<VersionCommand, VersionStatus>>> = {
  DRAFT: { submit: 'PENDING_APPROVAL' },
  PENDING_APPROVAL: { approve: 'APPROVED', reject: 'DRAFT' },
  APPROVED: { publish: 'PUBLISHED', terminate: 'TERMINATED' },
  PUBLISHED: { suspend: 'SUSPENDED', terminate: 'TERMINATED' },
  SUSPENDED: { resume: 'PUBLISHED', terminate: 'TERMINATED' },
  TERMINATED: {},
};
const label: Record<VersionStatus, string> = { DRAFT: '초안', PENDING_APPROVAL: '승인대기', APPROVED: '승인', PUBLISHED: '게시', SUSPENDED: '중지', TERMINATED: '종료' };

describe('the transition table', () => {
  test('covers every status and command', () => {
    expect(Object.keys(table).sort()).toEqual([...versionStatuses].sort());
    expect([...versionCommands].sort()).toEqual(['approve', 'publish', 'reject', 'resume', 'submit', 'suspend', 'terminate']);
  });

  const cells = versionStatuses.flatMap((status) => versionCommands.map((command) => [status, command, table[status][command] ?? null] as const));
  test.each(cells)('%s + %s -> %s', (status, command, to) => {
    const d = decide(command, { status });
    if (to) {
      expect(d).toEqual({ ok: true, to });
    } else if (status === 'TERMINATED') {
      expect(d).toEqual({ ok: false, message: '종료된 버전은 더 이상 변경할 수 없습니다' });
    } else {
      expect(d).toEqual({ ok: false, message: `${label[status]} 상태에서는 이 작업(${command})을 할 수 없습니다` });
    }
  });
});

describe('guards', () => {
  test.each(['reject', 'suspend', 'terminate'] as const)('%s needs a reason of at least 2 characters', (command) => {
    const status = command === 'reject' ? 'PENDING_APPROVAL' : 'PUBLISHED';
    for (const comment of ['', '   ', ' a ']) expect(decide(command, { status }, { comment })).toEqual({ ok: false, message: '사유를 입력하세요' });
    expect(decide(command, { status }, { comment: '사유' }).ok).toBe(true);
  });

  test.each(['submit', 'approve', 'publish', 'resume'] as const)('%s needs no reason', (command) => {
    const status = ({ submit: 'DRAFT', approve: 'PENDING_APPROVAL', publish: 'APPROVED', resume: 'SUSPENDED' } as const)[command];
    expect(decide(command, { status }, { comment: '' }).ok).toBe(true);
  });

  test.each([
    ['DEPOSIT', false],
    ['SAVINGS', false],
    ['LOAN', false],
    ['FUND', true],
    ['INSURANCE', true],
    ['CARD', true],
  ] as const)('submit of a %s version without rate tiers: allowed = %s', (productType, allowed) => {
    const d = decide('submit', { productType, tierCount: 0 });
    expect(d.ok).toBe(allowed);
    if (!d.ok) expect(d.message).toBe('금리 구간을 하나 이상 등록한 뒤 승인 요청하세요');
    expect(decide('submit', { productType, tierCount: 1 }).ok).toBe(true);
  });

  test('maker-checker: the author and the last editor cannot approve; anyone else can', () => {
    const pending = { status: 'PENDING_APPROVAL' as const };
    expect(decide('approve', pending, { actor: AUTHOR })).toEqual({ ok: false, message: '작성자는 자신이 만든 버전을 승인할 수 없습니다 (maker-checker)' });
    expect(decide('approve', pending, { actor: EDITOR })).toEqual({ ok: false, message: '마지막으로 수정한 직원은 이 버전을 승인할 수 없습니다 (maker-checker)' });
    expect(decide('approve', { ...pending, lastEditedBy: AUTHOR }, { actor: AUTHOR }).ok).toBe(false);
    expect(decide('approve', pending, { actor: CHECKER })).toEqual({ ok: true, to: 'APPROVED' });
    // Rejecting is not self-approval: the rule does not apply.
    expect(decide('reject', pending, { actor: AUTHOR }).ok).toBe(true);
  });

  test.each(['publish', 'resume'] as const)('%s needs a currently valid approved disclosure', (command) => {
    const status = command === 'publish' ? 'APPROVED' : 'SUSPENDED';
    expect(decide(command, { status }, { disclosure: null })).toEqual({ ok: false, message: '승인된 공시 문안이 없어 게시할 수 없습니다' });
    expect(decide(command, { status }, { disclosure: { ...validDisclosure, reviewValidTo: yesterday } })).toMatchObject({ ok: false, message: expect.stringContaining('만료') });
    expect(decide(command, { status }, { disclosure: { ...validDisclosure, reviewValidFrom: tomorrow } })).toMatchObject({
      ok: false,
      message: expect.stringContaining(`${tomorrow}부터`),
    });
    expect(decide(command, { status }).ok).toBe(true);
  });

  test.each(['publish', 'resume'] as const)('%s refuses a version whose validity ended; ending today is fine', (command) => {
    const status = command === 'publish' ? 'APPROVED' : 'SUSPENDED';
    expect(decide(command, { status, validTo: yesterday })).toEqual({ ok: false, message: `유효기간이 ${yesterday}에 끝난 버전은 게시할 수 없습니다` });
    expect(decide(command, { status, validTo: today }).ok).toBe(true);
  });

  test('publish may replace another published version; resume may not', () => {
    expect(decide('publish', { status: 'APPROVED', otherPublishedVersionNo: 1 })).toEqual({ ok: true, to: 'PUBLISHED' });
    expect(decide('resume', { status: 'SUSPENDED', otherPublishedVersionNo: 3 })).toEqual({ ok: false, message: '다른 버전(v3)이 게시 중입니다' });
  });

  test('suspend and terminate work even when the disclosure has expired or is missing (a product can always be stopped)', () => {
    for (const disclosure of [null, { ...validDisclosure, reviewValidTo: yesterday }]) {
      expect(decide('suspend', { status: 'PUBLISHED' }, { disclosure })).toEqual({ ok: true, to: 'SUSPENDED' });
      expect(decide('terminate', { status: 'SUSPENDED' }, { disclosure })).toEqual({ ok: true, to: 'TERMINATED' });
    }
  });
});

describe('disclosureProblem', () => {
  test('valid today: from and to may both be today', () => {
    expect(disclosureProblem(validDisclosure, today)).toBeNull();
    expect(disclosureProblem({ ...validDisclosure, reviewValidFrom: today, reviewValidTo: today }, today)).toBeNull();
  });

  test('expired yesterday', () => {
    expect(disclosureProblem({ ...validDisclosure, reviewValidTo: yesterday }, today)).toBe(
      `공시 문안의 심의필(준법-2026-001) 유효기간이 ${yesterday}에 만료되어 게시할 수 없습니다`,
    );
  });

  test('starts tomorrow', () => {
    expect(disclosureProblem({ ...validDisclosure, reviewValidFrom: tomorrow }, today)).toBe(
      `공시 문안의 심의필(준법-2026-001) 유효기간이 ${tomorrow}부터라 아직 게시할 수 없습니다`,
    );
  });

  test('no disclosure, or one that is not approved', () => {
    expect(disclosureProblem(null, today)).toBe('승인된 공시 문안이 없어 게시할 수 없습니다');
    for (const status of ['DRAFT', 'PENDING_REVIEW', 'SUPERSEDED'] as const) {
      expect(disclosureProblem({ ...validDisclosure, status }, today)).toBe('승인된 공시 문안이 없어 게시할 수 없습니다');
    }
  });

  test('approved but without a review number or period', () => {
    for (const missing of ['reviewNo', 'reviewValidFrom', 'reviewValidTo'] as const) {
      expect(disclosureProblem({ ...validDisclosure, [missing]: null }, today)).toBe('공시 문안에 심의필 번호와 유효기간이 없습니다');
    }
  });
});

describe('validity period at publishing', () => {
  test('a version whose validity has not started yet cannot be published or resumed', () => {
    expect(decide('publish', { status: 'APPROVED', validFrom: '2026-06-16' })).toEqual({ ok: false, message: '유효기간 시작일(2026-06-16) 전에는 게시할 수 없습니다' });
    expect(decide('resume', { status: 'SUSPENDED', validFrom: '2026-06-16' })).toMatchObject({ ok: false });
  });
  test('a version valid from today can be published', () => {
    expect(decide('publish', { status: 'APPROVED', validFrom: today })).toEqual({ ok: true, to: 'PUBLISHED' });
  });
});
