/** 정상, 휴면, 거래중지, 탈퇴 (ARCHITECTURE.md domain notes). */
export const customerStatuses = ['ACTIVE', 'DORMANT', 'SUSPENDED', 'WITHDRAWN'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];
