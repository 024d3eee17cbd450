import type { DisclosureStatus } from '../product/product-attributes.js';
import { t } from '../shared/bilingual.js';

const msg = {
  submitDraftOnly: t('초안만 심의 요청할 수 있습니다', 'Only a draft can be sent for review'),
  rejectPendingOnly: t('심의 중인 문안만 반려할 수 있습니다', 'Only a text under review can be rejected'),
  reason: t('반려 사유를 입력하세요', 'Enter the reason for rejecting'),
  approvePendingOnly: t('심의 중인 문안만 승인할 수 있습니다', 'Only a text under review can be approved'),
  maker: t(
    '문안을 작성하거나 수정한 직원은 승인할 수 없습니다 (maker-checker)',
    'You wrote or last edited this disclosure text, so you cannot approve it: another staff member must approve it (maker-checker)',
  ),
  reviewNo: t('심의필 번호를 입력하세요 (3~40자)', 'Enter the review number (3–40 characters)'),
  from: t('심의 유효기간 시작일을 YYYY-MM-DD로 입력하세요', 'Enter the start of the review validity as YYYY-MM-DD'),
  to: t('심의 유효기간 종료일을 YYYY-MM-DD로 입력하세요', 'Enter the end of the review validity as YYYY-MM-DD'),
  toBeforeFrom: t('유효기간 종료일이 시작일보다 빠릅니다', 'The end of validity is before its start'),
  expired: t('이미 만료된 유효기간으로는 승인할 수 없습니다', 'A validity that has already ended cannot be approved'),
  pendingEdit: t('심의 중인 문안은 수정할 수 없습니다. 반려된 뒤 수정하세요', 'A text under review cannot be changed; change it after it is rejected'),
  supersededEdit: t('대체된 과거 문안은 수정할 수 없습니다', 'A superseded earlier text cannot be changed'),
};

/** The disclosure text's review cycle as a pure decision (see version-lifecycle.rules.ts). */
export const disclosureCommands = ['submit', 'approve', 'reject'] as const;
export type DisclosureCommand = (typeof disclosureCommands)[number];

export interface DisclosureReview {
  reviewNo?: string;
  reviewValidFrom?: string;
  reviewValidTo?: string;
}

export interface DisclosureState {
  status: DisclosureStatus;
  authorId: number;
  lastEditedBy: number;
}

export type DisclosureDecision = { ok: true; to: DisclosureStatus } | { ok: false; message: string; field?: string };

/** A real calendar date (Date.parse would roll 2027-02-30 over to March). */
const isDate = (v: string | undefined): v is string =>
  !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export function decideDisclosureCommand(
  command: DisclosureCommand,
  d: DisclosureState,
  actorId: number,
  review: DisclosureReview,
  today: string,
  comment: string,
): DisclosureDecision {
  switch (command) {
    case 'submit':
      if (d.status !== 'DRAFT') return { ok: false, message: msg.submitDraftOnly };
      return { ok: true, to: 'PENDING_REVIEW' };
    case 'reject':
      if (d.status !== 'PENDING_REVIEW') return { ok: false, message: msg.rejectPendingOnly };
      if (comment.trim().length < 2) return { ok: false, message: msg.reason, field: 'comment' };
      return { ok: true, to: 'DRAFT' };
    case 'approve': {
      if (d.status !== 'PENDING_REVIEW') return { ok: false, message: msg.approvePendingOnly };
      if (actorId === d.authorId || actorId === d.lastEditedBy) {
        return { ok: false, message: msg.maker };
      }
      const reviewNo = review.reviewNo?.trim() ?? '';
      if (reviewNo.length < 3 || reviewNo.length > 40) return { ok: false, message: msg.reviewNo, field: 'reviewNo' };
      if (!isDate(review.reviewValidFrom)) return { ok: false, message: msg.from, field: 'reviewValidFrom' };
      if (!isDate(review.reviewValidTo)) return { ok: false, message: msg.to, field: 'reviewValidTo' };
      if (review.reviewValidTo < review.reviewValidFrom) return { ok: false, message: msg.toBeforeFrom, field: 'reviewValidTo' };
      if (review.reviewValidTo < today) return { ok: false, message: msg.expired, field: 'reviewValidTo' };
      return { ok: true, to: 'APPROVED' };
    }
    default: {
      const never: never = command;
      return { ok: false, message: `unknown command ${String(never)}` };
    }
  }
}

/** How an edit to a disclosure is applied: in place, as a new revision, or not at all. */
export function editMode(status: DisclosureStatus): { mode: 'in-place' | 'new-revision' } | { mode: 'refused'; message: string } {
  switch (status) {
    case 'DRAFT':
      return { mode: 'in-place' };
    case 'APPROVED':
      return { mode: 'new-revision' };
    case 'PENDING_REVIEW':
      return { mode: 'refused', message: msg.pendingEdit };
    case 'SUPERSEDED':
      return { mode: 'refused', message: msg.supersededEdit };
  }
}
