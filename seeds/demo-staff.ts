import type { StaffRole } from '../resources/staff/staff-role.js';

/**
 * One demo account per role (printed by `npm start`), then colleagues across
 * branches so that sales figures have several sellers per branch.
 */
export const demoStaff: Array<{ email: string; displayName: string; role: StaffRole; branchCode: string | null }> = [
  { email: 'admin@demo.bank', displayName: '김관리', role: 'admin', branchCode: null },
  { email: 'marketer@demo.bank', displayName: '이마케팅', role: 'marketer', branchCode: null },
  { email: 'compliance@demo.bank', displayName: '박준법', role: 'compliance', branchCode: null },
  { email: 'manager@demo.bank', displayName: '최지점장', role: 'manager', branchCode: 'B001' },
  { email: 'banker@demo.bank', displayName: '정은행', role: 'banker', branchCode: 'B001' },
  { email: 'product@demo.bank', displayName: '윤상품', role: 'product', branchCode: null },
  { email: 'banker2@demo.bank', displayName: '한창구', role: 'banker', branchCode: 'B002' },
  { email: 'product2@demo.bank', displayName: '서기획', role: 'product', branchCode: null },
  { email: 'compliance2@demo.bank', displayName: '오심의', role: 'compliance', branchCode: null },
  { email: 'manager2@demo.bank', displayName: '강부점장', role: 'manager', branchCode: 'B002' },
  { email: 'banker3@demo.bank', displayName: '임수협', role: 'banker', branchCode: 'B003' },
  { email: 'banker4@demo.bank', displayName: '조바다', role: 'banker', branchCode: 'B004' },
  { email: 'banker5@demo.bank', displayName: '신어촌', role: 'banker', branchCode: 'B005' },
  { email: 'banker6@demo.bank', displayName: '문항구', role: 'banker', branchCode: 'B006' },
  { email: 'banker7@demo.bank', displayName: '배한라', role: 'banker', branchCode: 'B007' },
  { email: 'banker8@demo.bank', displayName: '홍파도', role: 'banker', branchCode: 'B008' },
  { email: 'banker9@demo.bank', displayName: '유선단', role: 'banker', branchCode: 'B001' },
  { email: 'banker10@demo.bank', displayName: '남어판', role: 'banker', branchCode: 'B002' },
];
