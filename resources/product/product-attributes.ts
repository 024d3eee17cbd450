/** Product catalogue enumerations (docs/domain-notes.md). */

export const productTypes = ['DEPOSIT', 'SAVINGS', 'LOAN', 'FUND', 'INSURANCE', 'CARD'] as const;
export type ProductType = (typeof productTypes)[number];

/** 1 = 매우 높은 위험 ... 6 = 매우 낮은 위험. */
export const productRiskGrades = [1, 2, 3, 4, 5, 6] as const;

/** 초안 -> 승인대기 -> 승인 -> 게시 -> 중지 / 종료. */
export const versionStatuses = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'PUBLISHED', 'SUSPENDED', 'TERMINATED'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/** Korean status names for server-built titles (reference pickers), where the locale files do not reach. */
export const versionStatusLabel: Record<VersionStatus, string> = {
  DRAFT: '초안',
  PENDING_APPROVAL: '승인대기',
  APPROVED: '승인',
  PUBLISHED: '게시',
  SUSPENDED: '중지',
  TERMINATED: '종료',
};

/** The same in English, for an English console. */
export const versionStatusLabelEn: Record<VersionStatus, string> = {
  DRAFT: 'Draft',
  PENDING_APPROVAL: 'Pending approval',
  APPROVED: 'Approved',
  PUBLISHED: 'Published',
  SUSPENDED: 'Suspended',
  TERMINATED: 'Terminated',
};

/** A disclosure text's own review cycle; an approved text is never edited, only superseded. */
export const disclosureStatuses = ['DRAFT', 'PENDING_REVIEW', 'APPROVED', 'SUPERSEDED'] as const;
export type DisclosureStatus = (typeof disclosureStatuses)[number];
