/** Enumerations of the customer record (docs/domain-notes.md). */

/** 투자성향, from least to most risk-tolerant. */
export const propensities = ['STABLE', 'STABLE_SEEKING', 'NEUTRAL', 'ACTIVE', 'AGGRESSIVE'] as const;
export type Propensity = (typeof propensities)[number];

/** Customer (AML/KYC) risk grade. */
export const customerRiskGrades = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type CustomerRiskGrade = (typeof customerRiskGrades)[number];

export const genders = ['M', 'F'] as const;

/** 시·도: the seventeen first-level regions of Korea. */
export const regions = [
  'SEOUL',
  'BUSAN',
  'DAEGU',
  'INCHEON',
  'GWANGJU',
  'DAEJEON',
  'ULSAN',
  'SEJONG',
  'GYEONGGI',
  'GANGWON',
  'CHUNGBUK',
  'CHUNGNAM',
  'JEONBUK',
  'JEONNAM',
  'GYEONGBUK',
  'GYEONGNAM',
  'JEJU',
] as const;
export type Region = (typeof regions)[number];

/** Channels a customer consents to receive advertising on, plus night-time (21:00–08:00). */
export const consentChannels = ['sms', 'email', 'push', 'night'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
