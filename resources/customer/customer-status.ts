/** 정상, 휴면, 거래중지, 탈퇴 (docs/domain-notes.md). */
export const customerStatuses = ['ACTIVE', 'DORMANT', 'SUSPENDED', 'WITHDRAWN'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];
