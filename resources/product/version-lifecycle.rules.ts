import type { DisclosureStatus, VersionStatus } from './product-attributes.js';
import { t } from '../shared/bilingual.js';

/**
 * The product-version lifecycle as a pure decision: given the facts and who
 * is acting, is this step allowed and where does it lead? The service does
 * the I/O; every rule lives here, where it is tested without a database.
 */
export const versionCommands = ['submit', 'approve', 'reject', 'publish', 'suspend', 'resume', 'terminate'] as const;
export type VersionCommand = (typeof versionCommands)[number];

export const versionMoves: Record<VersionCommand, { from: readonly VersionStatus[]; to: VersionStatus }> = {
  submit: { from: ['DRAFT'], to: 'PENDING_APPROVAL' },
  approve: { from: ['PENDING_APPROVAL'], to: 'APPROVED' },
  reject: { from: ['PENDING_APPROVAL'], to: 'DRAFT' },
  publish: { from: ['APPROVED'], to: 'PUBLISHED' },
  suspend: { from: ['PUBLISHED'], to: 'SUSPENDED' },
  resume: { from: ['SUSPENDED'], to: 'PUBLISHED' },
  // An approved version that will never go on sale is withdrawn by terminating it too.
  terminate: { from: ['APPROVED', 'PUBLISHED', 'SUSPENDED'], to: 'TERMINATED' },
};

/** Product types whose versions must carry a rate table before review. */
const ratedTypes = new Set(['DEPOSIT', 'SAVINGS', 'LOAN']);

export interface VersionFacts {
  status: VersionStatus;
  authorId: number;
  lastEditedBy: number;
  validFrom: string;
  validTo: string | null;
  productType: string;
  tierCount: number;
  /** Version number of another version of the product that is PUBLISHED now, if any. */
  otherPublishedVersionNo: number | null;
}

export interface DisclosureFacts {
  status: DisclosureStatus;
  reviewNo: string | null;
  reviewValidFrom: string | null;
  reviewValidTo: string | null;
}

export type Decision = { ok: true; to: VersionStatus } | { ok: false; message: string };

const label: Record<VersionStatus, string> = {
  DRAFT: '초안',
  PENDING_APPROVAL: '승인대기',
  APPROVED: '승인',
  PUBLISHED: '게시',
  SUSPENDED: '중지',
  TERMINATED: '종료',
};
const labelEn: Record<VersionStatus, string> = {
  DRAFT: 'draft',
  PENDING_APPROVAL: 'pending approval',
  APPROVED: 'approved',
  PUBLISHED: 'published',
  SUSPENDED: 'suspended',
  TERMINATED: 'terminated',
};
const commandEn: Record<VersionCommand, string> = {
  submit: 'submit for approval',
  approve: 'approve',
  reject: 'reject',
  publish: 'publish',
  suspend: 'suspend',
  resume: 'resume',
  terminate: 'terminate',
};

/*
 * Messages are Korean (what the tests and the audit trail read) with their
 * English registered by t() (resources/shared/bilingual.ts); the console
 * shows the one of the staff member's language.
 */
const msg = {
  terminated: t('종료된 버전은 더 이상 변경할 수 없습니다', 'A terminated version can no longer be changed'),
  reason: t('사유를 입력하세요', 'Enter a reason'),
  noTier: t('금리 구간을 하나 이상 등록한 뒤 승인 요청하세요', 'Add at least one rate tier before submitting for approval'),
  noDisclosure: t('공시 문안(상품설명서)을 작성한 뒤 승인 요청하세요', 'Write the disclosure text before submitting for approval'),
  authorApproves: t(
    '작성자는 자신이 만든 버전을 승인할 수 없습니다 (maker-checker)',
    'You wrote this version, so you cannot approve it: another staff member must approve it (maker-checker)',
  ),
  editorApproves: t(
    '마지막으로 수정한 직원은 이 버전을 승인할 수 없습니다 (maker-checker)',
    'You made the last change to this version, so you cannot approve it: another staff member must approve it (maker-checker)',
  ),
  noApprovedDisclosure: t('승인된 공시 문안이 없어 게시할 수 없습니다', 'There is no approved disclosure, so it cannot be published'),
  noReview: t('공시 문안에 심의필 번호와 유효기간이 없습니다', 'The disclosure has no review number and validity'),
};

/**
 * @param disclosure the version's current APPROVED disclosure, or null
 * @param today Korean calendar date, YYYY-MM-DD
 */
export function decideVersionCommand(command: VersionCommand, v: VersionFacts, actorId: number, disclosure: DisclosureFacts | null, today: string, comment: string): Decision {
  const move = versionMoves[command];
  if (v.status === 'TERMINATED') return { ok: false, message: msg.terminated };
  if (!move.from.includes(v.status)) {
    return {
      ok: false,
      message: t(`${label[v.status]} 상태에서는 이 작업(${command})을 할 수 없습니다`, `A version that is ${labelEn[v.status]} cannot be changed this way (${commandEn[command]})`),
    };
  }
  const needsComment = command === 'reject' || command === 'suspend' || command === 'terminate';
  if (needsComment && comment.trim().length < 2) return { ok: false, message: msg.reason };

  switch (command) {
    case 'submit':
      if (ratedTypes.has(v.productType) && v.tierCount === 0) return { ok: false, message: msg.noTier };
      break;
    case 'approve':
      if (actorId === v.authorId) return { ok: false, message: msg.authorApproves };
      if (actorId === v.lastEditedBy) return { ok: false, message: msg.editorApproves };
      break;
    case 'reject':
      break;
    case 'publish':
    case 'resume': {
      if (v.validTo && v.validTo < today)
        return { ok: false, message: t(`유효기간이 ${v.validTo}에 끝난 버전은 게시할 수 없습니다`, `The version's validity ended on ${v.validTo}, so it cannot be published`) };
      if (v.validFrom > today)
        return { ok: false, message: t(`유효기간 시작일(${v.validFrom}) 전에는 게시할 수 없습니다`, `It cannot be published before its validity starts (${v.validFrom})`) };
      if (v.otherPublishedVersionNo !== null && command === 'resume') {
        return { ok: false, message: t(`다른 버전(v${v.otherPublishedVersionNo})이 게시 중입니다`, `Another version (v${v.otherPublishedVersionNo}) is published`) };
      }
      const problem = disclosureProblem(disclosure, today);
      if (problem) return { ok: false, message: problem };
      break;
    }
    case 'suspend':
    case 'terminate':
      break;
    default: {
      const never: never = command;
      return { ok: false, message: `unknown command ${String(never)}` };
    }
  }
  return { ok: true, to: move.to };
}

/** Why `disclosure` does not allow publishing today, or null when it does. */
export function disclosureProblem(disclosure: DisclosureFacts | null, today: string): string | null {
  if (!disclosure || disclosure.status !== 'APPROVED') return msg.noApprovedDisclosure;
  if (!disclosure.reviewNo || !disclosure.reviewValidFrom || !disclosure.reviewValidTo) return msg.noReview;
  if (disclosure.reviewValidTo < today)
    return t(
      `공시 문안의 심의필(${disclosure.reviewNo}) 유효기간이 ${disclosure.reviewValidTo}에 만료되어 게시할 수 없습니다`,
      `The disclosure's review (${disclosure.reviewNo}) expired on ${disclosure.reviewValidTo}, so it cannot be published`,
    );
  if (disclosure.reviewValidFrom > today)
    return t(
      `공시 문안의 심의필(${disclosure.reviewNo}) 유효기간이 ${disclosure.reviewValidFrom}부터라 아직 게시할 수 없습니다`,
      `The disclosure's review (${disclosure.reviewNo}) is valid only from ${disclosure.reviewValidFrom}, so it cannot be published yet`,
    );
  return null;
}

/**
 * Everything that keeps a draft from going to review, all at once (the
 * product manager fixes them together): a rated product needs a rate tier,
 * every version needs its disclosure text (a draft, under review or approved).
 */
export function submitProblems(facts: { productType: string; tierCount: number; disclosureStatus: DisclosureStatus | null }): string[] {
  const out: string[] = [];
  if (ratedTypes.has(facts.productType) && facts.tierCount === 0) out.push(msg.noTier);
  if (!facts.disclosureStatus || facts.disclosureStatus === 'SUPERSEDED') out.push(msg.noDisclosure);
  return out;
}

/** Why `actorId` may not approve work made by `makers` (the version's and its disclosure's author and last editor), or null. */
export function makerCheckerProblem(actorId: number, makers: { authorId: number; lastEditedBy: number }): string | null {
  if (actorId === makers.authorId) return msg.authorApproves;
  if (actorId === makers.lastEditedBy) return msg.editorApproves;
  return null;
}
