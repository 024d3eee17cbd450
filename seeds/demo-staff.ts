import type { StaffRole } from '../resources/staff/staff-role.js';

/** One demo account per role (printed by `npm start`), plus colleagues for realism. */
export const demoStaff: Array<{ email: string; displayName: string; role: StaffRole; branchCode: string | null }> = [
  { email: 'admin@demo.bank', displayName: '김관리', role: 'admin', branchCode: null },
  { email: 'marketer@demo.bank', displayName: '이마케팅', role: 'marketer', branchCode: null },
  { email: 'compliance@demo.bank', displayName: '박준법', role: 'compliance', branchCode: null },
  { email: 'manager@demo.bank', displayName: '최지점장', role: 'manager', branchCode: 'B001' },
  { email: 'banker@demo.bank', displayName: '정은행', role: 'banker', branchCode: 'B001' },
  { email: 'banker2@demo.bank', displayName: '한창구', role: 'banker', branchCode: 'B002' },
];
