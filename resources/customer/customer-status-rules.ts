import type { CustomerStatus } from './customer-status.js';
import { fieldError, type FieldError } from '../shared/bilingual.js';

/**
 * Allowed status transitions (pure). WITHDRAWN is final: a customer who left
 * rejoins as a new customer record.
 *  정상 ACTIVE     -> 휴면, 거래중지, 탈퇴
 *  휴면 DORMANT    -> 정상, 거래중지, 탈퇴
 *  거래중지 SUSPENDED -> 정상, 탈퇴
 *  탈퇴 WITHDRAWN  -> (none)
 */
export const allowedStatusTransitions: Record<CustomerStatus, readonly CustomerStatus[]> = {
  ACTIVE: ['DORMANT', 'SUSPENDED', 'WITHDRAWN'],
  DORMANT: ['ACTIVE', 'SUSPENDED', 'WITHDRAWN'],
  SUSPENDED: ['ACTIVE', 'WITHDRAWN'],
  WITHDRAWN: [],
};

/** Statuses by name, in both console languages (as the console's labels). */
export const statusNames: Record<CustomerStatus, { ko: string; en: string }> = {
  ACTIVE: { ko: '정상', en: 'Active' },
  DORMANT: { ko: '휴면', en: 'Dormant' },
  SUSPENDED: { ko: '거래중지', en: 'Suspended' },
  WITHDRAWN: { ko: '탈퇴', en: 'Withdrawn' },
};

/** Field errors of a refused change: `status` (the target), `comment` (the reason), `confirmWithdrawal` (the second confirmation of 탈퇴). */
export type StatusDecision = { ok: true } | { ok: false; errors: Partial<Record<'status' | 'comment' | 'confirmWithdrawal', FieldError>> };

const known = (s: string): s is CustomerStatus => Object.prototype.hasOwnProperty.call(allowedStatusTransitions, s);

/**
 * Whether `from` may move to `to` with `reason`; every fault at once.
 * 탈퇴 (WITHDRAWN) is final, so it also needs a second confirmation: the
 * customer number typed again (`confirmation`, compared to `customerNo`).
 */
export function decideStatusChange(from: CustomerStatus, to: string, reason: string, confirmation?: { customerNo: string; typed: string }): StatusDecision {
  const errors: Partial<Record<'status' | 'comment' | 'confirmWithdrawal', FieldError>> = {};
  if (!to) errors.status = fieldError('required', '변경할 상태를 선택하세요', 'Choose the new status');
  else if (!known(to)) errors.status = fieldError('transition', `알 수 없는 상태입니다 (${to.slice(0, 40)})`, `Unknown status (${to.slice(0, 40)})`);
  else if (from === to) errors.status = fieldError('transition', `이미 ${statusNames[from].ko} 상태입니다`, `The customer is already ${statusNames[from].en}`);
  else if (!allowedStatusTransitions[from].includes(to)) {
    errors.status = fieldError(
      'transition',
      `${statusNames[from].ko}에서 ${statusNames[to].ko}(으)로는 변경할 수 없습니다`,
      `${statusNames[from].en} cannot change to ${statusNames[to].en}`,
    );
  }
  if (reason.trim().length < 2) errors.comment = fieldError('required', '변경 사유를 입력하세요 (2자 이상)', 'Enter the reason for the change (at least 2 characters)');
  if (to === 'WITHDRAWN' && !errors.status && confirmation && confirmation.typed.trim().toUpperCase() !== confirmation.customerNo.toUpperCase()) {
    errors.confirmWithdrawal = fieldError(
      'confirmation',
      `탈퇴는 되돌릴 수 없습니다. 확인을 위해 고객번호 ${confirmation.customerNo}을(를) 입력하세요`,
      `Withdrawal cannot be undone. To confirm, type the customer number ${confirmation.customerNo}`,
    );
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

/** A withdrawn customer is never contacted again, whatever their old consents said. */
export function isContactable(status: CustomerStatus): boolean {
  return status !== 'WITHDRAWN';
}
