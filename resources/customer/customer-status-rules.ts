import type { CustomerStatus } from './customer-status.js';

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

export type StatusDecision = { ok: true } | { ok: false; message: string };

export function decideStatusChange(from: CustomerStatus, to: string, reason: string): StatusDecision {
  if (!(to in allowedStatusTransitions)) return { ok: false, message: `알 수 없는 상태입니다 (${to})` };
  if (from === to) return { ok: false, message: `이미 ${from} 상태입니다` };
  if (!allowedStatusTransitions[from].includes(to as CustomerStatus)) {
    return { ok: false, message: `${from}에서 ${to}(으)로는 변경할 수 없습니다` };
  }
  if (reason.trim().length < 2) return { ok: false, message: '변경 사유를 입력하세요' };
  return { ok: true };
}

/** A withdrawn customer is never contacted again, whatever their old consents said. */
export function isContactable(status: CustomerStatus): boolean {
  return status !== 'WITHDRAWN';
}
