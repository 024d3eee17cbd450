/** Product catalogue enumerations (ARCHITECTURE.md domain notes). */

export const productTypes = ['DEPOSIT', 'SAVINGS', 'LOAN', 'FUND', 'INSURANCE', 'CARD'] as const;
export type ProductType = (typeof productTypes)[number];

/** 1 = 매우 높은 위험 ... 6 = 매우 낮은 위험. */
export const productRiskGrades = [1, 2, 3, 4, 5, 6] as const;

/** 초안 -> 승인대기 -> 승인 -> 게시 -> 중지 / 종료. */
export const versionStatuses = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'PUBLISHED', 'SUSPENDED', 'TERMINATED'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/** A disclosure text's own review cycle; an approved text is never edited, only superseded. */
export const disclosureStatuses = ['DRAFT', 'PENDING_REVIEW', 'APPROVED', 'SUPERSEDED'] as const;
export type DisclosureStatus = (typeof disclosureStatuses)[number];
