import type { ProductType } from '../resources/product/product-attributes.js';

/**
 * The demo catalogue: 54 products over all six types, names in the style of
 * a Korean cooperative bank. Risk grades follow the type (deposits 6, funds
 * 1-5, ...). Deterministic: same list every time.
 */
export interface DemoProduct {
  code: string;
  name: string;
  type: ProductType;
  category: string;
  riskGrade: number;
  tags: string;
  /** 가입 대상 (eligibility) of the product's versions; absent = anyone (engine/recommendation/eligibility.ts). */
  eligibility?: DemoEligibility;
}

export interface DemoEligibility {
  minAge: number | null;
  maxAge: number | null;
  eligibleGender: 'M' | 'F' | null;
  eligibleRegions: string | null;
}

const ages = (minAge: number | null, maxAge: number | null): DemoEligibility => ({ minAge, maxAge, eligibleGender: null, eligibleRegions: null });

/**
 * Who may open which demo product, as their names promise: youth products
 * 만 19~34세, children's products under 15 (insurance) or 18 (savings), the
 * senior deposit 60 and over, loans, credit cards and the pension plan adults
 * only (19+). Every other product is open to anyone.
 */
export const demoEligibility: Record<string, DemoEligibility> = {
  'Sh 청년희망 적금': ages(19, 34),
  'Sh 청년 체크카드': ages(19, 34),
  'Sh 어린이 보험': ages(0, 14),
  'Sh 아이사랑 적금': ages(0, 18),
  'Sh 시니어 행복예금': ages(60, null),
  'Sh 연금저축보험': ages(19, null),
  'Sh 어업인 정책자금 대출': ages(19, null),
  'Sh 직장인 신용대출': ages(19, null),
  'Sh 주택담보대출': ages(19, null),
  'Sh 전세자금대출': ages(19, null),
  'Sh 사업자 운전자금대출': ages(19, null),
  'Sh 예적금 담보대출': ages(19, null),
  'Sh 햇살론': ages(19, null),
  'Sh 모바일 비상금대출': ages(19, null),
  'Sh 수산물 가공업 시설자금': ages(19, null),
  'Sh 바다마트 신용카드': ages(19, null),
  'Sh 주유할인 카드': ages(19, null),
  'Sh 여행 마일리지 카드': ages(19, null),
};

const templates: Record<ProductType, { names: string[]; categories: string[]; grades: number[]; tags: string[] }> = {
  DEPOSIT: {
    names: [
      'Sh 파트너 정기예금',
      'Sh 해양플라스틱Zero 예금',
      'Sh 첫만남 정기예금',
      'Sh 어업인 우대예금',
      'Sh 평생주거래 예금',
      'Sh 비대면 e-정기예금',
      'Sh 시니어 행복예금',
      'Sh 바다사랑 보통예금',
      'Sh 수산인 자유예금',
    ],
    categories: ['정기예금', '입출금', '정기예금'],
    grades: [6],
    tags: ['예금자보호', '비대면', '우대금리', '어업인'],
  },
  SAVINGS: {
    names: [
      'Sh 평생주거래 우대적금',
      'Sh 청년희망 적금',
      'Sh 어부바 자유적금',
      'Sh 내가만든 보너스적금',
      'Sh 걷는만큼 적금',
      'Sh 아이사랑 적금',
      'Sh 월급날 적금',
      'Sh 주택청약 종합저축',
      'Sh 여행가는 적금',
    ],
    categories: ['정기적금', '자유적금', '청약'],
    grades: [6],
    tags: ['청년', '비대면', '우대금리', '자동이체'],
  },
  LOAN: {
    names: [
      'Sh 어업인 정책자금 대출',
      'Sh 직장인 신용대출',
      'Sh 주택담보대출',
      'Sh 전세자금대출',
      'Sh 사업자 운전자금대출',
      'Sh 예적금 담보대출',
      'Sh 햇살론',
      'Sh 모바일 비상금대출',
      'Sh 수산물 가공업 시설자금',
    ],
    categories: ['신용대출', '담보대출', '정책자금'],
    grades: [5, 6],
    tags: ['정책자금', '비대면', '담보', '사업자'],
  },
  FUND: {
    names: [
      'Sh 글로벌 배당주 펀드',
      'Sh 코리아 인덱스 펀드',
      'Sh 단기채권 펀드',
      'Sh 미국 S&P500 인덱스',
      'Sh 아시아 신흥국 주식형',
      'Sh TDF 2045',
      'Sh 국공채 펀드',
      'Sh 리츠 부동산 펀드',
      'Sh ESG 혼합형 펀드',
    ],
    categories: ['주식형', '채권형', '혼합형', '재간접'],
    grades: [1, 2, 3, 4, 5],
    tags: ['투자상품', '원금손실가능', '연금', '해외'],
  },
  INSURANCE: {
    names: ['Sh 어선원 안심보험', 'Sh 든든 암보험', 'Sh 연금저축보험', 'Sh 실손 의료보험', 'Sh 운전자 보험', 'Sh 종신보험', 'Sh 어린이 보험', 'Sh 화재 보험', 'Sh 여행자 보험'],
    categories: ['보장성', '저축성', '연금'],
    grades: [4, 5, 6],
    tags: ['방카슈랑스', '어업인', '연금', '보장'],
  },
  CARD: {
    names: [
      'Sh 쏠쏠 체크카드',
      'Sh 바다마트 신용카드',
      'Sh 주유할인 카드',
      'Sh 어업인 복지카드',
      'Sh 모바일 전용카드',
      'Sh 캐시백 체크카드',
      'Sh 여행 마일리지 카드',
      'Sh 청년 체크카드',
      'Sh 법인 카드',
    ],
    categories: ['체크카드', '신용카드'],
    grades: [6],
    tags: ['할인', '캐시백', '비대면', '청년'],
  },
};

const prefix: Record<ProductType, string> = { DEPOSIT: 'DP', SAVINGS: 'SV', LOAN: 'LN', FUND: 'FD', INSURANCE: 'IN', CARD: 'CD' };

export const demoProducts: DemoProduct[] = (Object.keys(templates) as ProductType[]).flatMap((type) =>
  templates[type].names.map((name, i) => ({
    code: `${prefix[type]}-${String(i + 1).padStart(3, '0')}`,
    name,
    type,
    category: templates[type].categories[i % templates[type].categories.length]!,
    riskGrade: templates[type].grades[i % templates[type].grades.length]!,
    tags: [templates[type].tags[i % 4], templates[type].tags[(i + 1) % 4]].join(','),
    ...(demoEligibility[name] ? { eligibility: demoEligibility[name] } : {}),
  })),
);
