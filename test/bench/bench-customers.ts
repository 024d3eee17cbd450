/**
 * The benchmark's customers B0000001, B0000002, ...: every attribute is a pure
 * function of the row number, so an interrupted load resumes with identical
 * rows and the benchmark can compute any customer's name, mobile number or
 * e-mail address without reading it back (the stored ones are encrypted).
 */

/** A well-mixed value in [0, 1) from (row, salt): murmur3's finaliser over a Weyl step. */
export function unit(i: number, salt: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + Math.imul(salt, 0x85ebca77)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>, u: number): T {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [value, w] of pairs) {
    if ((x -= w) < 0) return value;
  }
  return pairs[pairs.length - 1]![0];
}

const pick = <T>(values: readonly T[], u: number): T => values[Math.floor(u * values.length)]!;

/** Korean surnames with roughly their share of the population (per mille), so 김 and 이 dominate as they do in a real branch. */
const surnames: ReadonlyArray<readonly [string, number]> = [
  ['김', 215],
  ['이', 147],
  ['박', 84],
  ['최', 47],
  ['정', 43],
  ['강', 24],
  ['조', 21],
  ['윤', 21],
  ['장', 20],
  ['임', 17],
  ['한', 15],
  ['오', 15],
  ['서', 15],
  ['신', 14],
  ['권', 14],
  ['황', 14],
  ['안', 13],
  ['송', 13],
  ['전', 11],
  ['홍', 11],
  ['유', 10],
  ['고', 9],
  ['문', 9],
  ['양', 9],
  ['손', 9],
  ['배', 8],
  ['백', 7],
  ['허', 6],
  ['남', 6],
  ['심', 5],
  ['노', 4],
  ['하', 4],
  ['곽', 4],
  ['성', 4],
  ['차', 4],
  ['주', 4],
  ['우', 4],
  ['구', 4],
  ['민', 3],
  ['진', 3],
  ['남궁', 1],
  ['황보', 1],
  ['제갈', 1],
  ['선우', 1],
];
const givenNames = {
  M: [
    '민준',
    '서준',
    '도윤',
    '예준',
    '시우',
    '하준',
    '주원',
    '지호',
    '준서',
    '현우',
    '도현',
    '지훈',
    '건우',
    '우진',
    '민재',
    '현준',
    '정우',
    '승우',
    '승현',
    '영수',
    '영호',
    '영철',
    '상훈',
    '성민',
    '동현',
    '재현',
    '광수',
    '정호',
    '태식',
    '병철',
  ],
  F: [
    '서연',
    '서윤',
    '지우',
    '서현',
    '민서',
    '하은',
    '하윤',
    '윤서',
    '지유',
    '지민',
    '채원',
    '수아',
    '지아',
    '은서',
    '다은',
    '예은',
    '수빈',
    '영희',
    '순자',
    '미숙',
    '정희',
    '은정',
    '혜진',
    '미영',
    '경희',
    '현주',
    '지현',
    '말순',
    '옥자',
    '숙희',
  ],
} as const;

/** Shares as in the demo seed: most customers near the bank's Busan/Seoul/Gyeonggi branches. */
const regions: ReadonlyArray<readonly [string, number]> = [
  ['BUSAN', 18],
  ['SEOUL', 16],
  ['GYEONGGI', 14],
  ['GYEONGNAM', 10],
  ['JEONNAM', 9],
  ['INCHEON', 7],
  ['GYEONGBUK', 6],
  ['JEJU', 5],
  ['GANGWON', 4],
  ['ULSAN', 3],
  ['CHUNGNAM', 2],
  ['DAEGU', 2],
  ['JEONBUK', 1],
  ['GWANGJU', 1],
  ['DAEJEON', 1],
  ['CHUNGBUK', 1],
  ['SEJONG', 1],
];
const regionBranch: Record<string, string> = {
  BUSAN: 'B001',
  SEOUL: 'B002',
  GYEONGGI: 'B002',
  INCHEON: 'B003',
  JEONNAM: 'B004',
  GWANGJU: 'B004',
  GYEONGBUK: 'B005',
  DAEGU: 'B005',
  ULSAN: 'B005',
  GYEONGNAM: 'B006',
  JEJU: 'B007',
  GANGWON: 'B008',
};
const statuses: ReadonlyArray<readonly [string, number]> = [
  ['ACTIVE', 80],
  ['DORMANT', 12],
  ['SUSPENDED', 3],
  ['WITHDRAWN', 5],
];
export const propensities: ReadonlyArray<readonly [string | null, number]> = [
  ['STABLE', 30],
  ['STABLE_SEEKING', 25],
  ['NEUTRAL', 22],
  ['ACTIVE', 10],
  ['AGGRESSIVE', 5],
  [null, 8],
];
const riskGrades: ReadonlyArray<readonly [string, number]> = [
  ['LOW', 85],
  ['MEDIUM', 12],
  ['HIGH', 3],
];
const segments = ['우수', '일반', '일반', '신규', '청년', '시니어', '어업인'] as const;

/** Salts: one per attribute, so attributes are independent of each other. */
const S = {
  surname: 1,
  given: 2,
  gender: 3,
  age: 4,
  birthDay: 5,
  region: 6,
  branch: 7,
  status: 8,
  propensity: 9,
  risk: 10,
  segment: 11,
  mobile: 12,
  email: 13,
  emailTag: 14,
  created: 15,
  withdrawn: 16,
  banker: 17,
  sms: 18,
  mail: 19,
  push: 20,
  night: 21,
  consentLag: 22,
} as const;

export const benchCustomerNo = (i: number): string => `B${String(i).padStart(7, '0')}`;

function benchGender(i: number): 'M' | 'F' {
  return unit(i, S.gender) < 0.5 ? 'M' : 'F';
}

export function benchName(i: number): string {
  return weighted(surnames, unit(i, S.surname)) + pick(givenNames[benchGender(i)], unit(i, S.given));
}

/**
 * 95% of customers have a mobile number. 7919 is coprime with 70,000,000, so
 * numbers are unique for the first 70 million rows, and they all lie at or
 * above 010-3000-0000, clear of the demo seed's C customers (010-1235...-010-2026...).
 */
export function benchMobile(i: number): string | null {
  if (unit(i, S.mobile) >= 0.95) return null;
  const digits = String(30_000_000 + ((i * 7919) % 70_000_000));
  return `010-${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** 65% have an e-mail address; the row number keeps it unique. */
export function benchEmail(i: number): string | null {
  if (unit(i, S.email) >= 0.65) return null;
  const tag = Math.floor(unit(i, S.emailTag) * 36 ** 4)
    .toString(36)
    .padStart(4, 'a');
  return `bench${i}.${tag}@bench-mail.kr`;
}

/** Plain attributes of customer i; contact details are added (encrypted) by the loader. */
export function benchCustomer(i: number, now: number, bankersOf: (branch: string) => readonly number[]) {
  const DAY = 86_400_000;
  const age = Math.round(unit(i, S.age) ** 0.9 * 62 + 19);
  const region = weighted(regions, unit(i, S.region));
  const branch = regionBranch[region] ?? pick(['B001', 'B002', 'B006'], unit(i, S.branch));
  const status = weighted(statuses, unit(i, S.status));
  const withdrawn = status === 'WITHDRAWN';
  const created = new Date(now - Math.floor(30 + unit(i, S.created) * 3620) * DAY);
  const consent = (salt: number, pct: number) => !withdrawn && unit(i, salt) * 100 < pct;
  const sms = consent(S.sms, 62),
    mail = consent(S.mail, 45),
    push = consent(S.push, 50);
  const night = (sms || push) && consent(S.night, 15);
  const consentAt = (v: boolean) => (v ? new Date(created.getTime() + Math.floor(unit(i, S.consentLag) * 20) * DAY) : null);
  const bankers = bankersOf(branch);
  return {
    customerNo: benchCustomerNo(i),
    name: benchName(i),
    gender: benchGender(i),
    birthDate: new Date(now - (age * 365.25 + Math.floor(unit(i, S.birthDay) * 365)) * DAY).toISOString().slice(0, 10),
    status,
    region,
    branch,
    segment: pick(segments, unit(i, S.segment)),
    propensity: weighted(propensities, unit(i, S.propensity)),
    riskGrade: weighted(riskGrades, unit(i, S.risk)),
    bankerId: bankers.length ? pick(bankers, unit(i, S.banker)) : null,
    sms,
    smsAt: consentAt(sms),
    mail,
    mailAt: consentAt(mail),
    push,
    pushAt: consentAt(push),
    night,
    nightAt: consentAt(night),
    created,
    withdrawnAt: withdrawn ? new Date(now - Math.floor(1 + unit(i, S.withdrawn) * 900) * DAY) : null,
  };
}

export const benchRegions = regions.map(([r]) => r);
export const benchBranches = ['B001', 'B002', 'B003', 'B004', 'B005', 'B006', 'B007', 'B008'] as const;
export const commonSurnames = ['김', '이', '박', '최', '정'] as const;
