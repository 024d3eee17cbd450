import { allowedStatusTransitions, decideStatusChange, isContactable, statusNames } from './customer-status-rules.js';
import { customerStatuses, type CustomerStatus } from './customer-status.js';

/** The lifecycle, written out by hand: from -> the statuses it may move to. */
const expected: Record<CustomerStatus, CustomerStatus[]> = {
  ACTIVE: ['DORMANT', 'SUSPENDED', 'WITHDRAWN'],
  DORMANT: ['ACTIVE', 'SUSPENDED', 'WITHDRAWN'],
  SUSPENDED: ['ACTIVE', 'WITHDRAWN'],
  WITHDRAWN: [],
};

const pairs = customerStatuses.flatMap((from) => customerStatuses.map((to) => [from, to, expected[from].includes(to)] as const));

describe.each(pairs)('%s -> %s', (from, to, allowed) => {
  test(allowed ? 'is allowed with a reason' : 'is refused', () => {
    const d = decideStatusChange(from, to, '고객 요청');
    expect(d.ok).toBe(allowed);
    // By name, never the raw code, in both languages.
    if (!d.ok) {
      expect(d.errors.status?.message).toBe(
        from === to ? `이미 ${statusNames[from].ko} 상태입니다` : `${statusNames[from].ko}에서 ${statusNames[to].ko}(으)로는 변경할 수 없습니다`,
      );
      expect(d.errors.status?.en).toContain(statusNames[from].en);
    }
  });
});

test('the exported table matches the lifecycle', () => {
  for (const s of customerStatuses) expect([...allowedStatusTransitions[s]].sort()).toEqual([...expected[s]].sort());
});

test('an allowed change without a reason (empty, blank or one character) is refused', () => {
  for (const reason of ['', '   ', 'a', ' 가 ']) {
    const d = decideStatusChange('ACTIVE', 'DORMANT', reason);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(Object.keys(d.errors)).toEqual(['comment']);
    if (!d.ok) expect(d.errors.comment?.message).toBe('변경 사유를 입력하세요 (2자 이상)');
  }
  expect(decideStatusChange('ACTIVE', 'DORMANT', '장기 미거래')).toEqual({ ok: true });
});

test('an unknown target status is refused by name, whatever the reason', () => {
  const d = decideStatusChange('ACTIVE', 'DELETED', '고객 요청');
  expect(!d.ok && d.errors.status?.message).toBe('알 수 없는 상태입니다 (DELETED)');
  expect(decideStatusChange('ACTIVE', '', '고객 요청').ok).toBe(false);
  expect(decideStatusChange('ACTIVE', 'active', '고객 요청').ok).toBe(false);
  // Not a key of the table, even though `in` would find it on Object.prototype.
  expect(decideStatusChange('ACTIVE', 'toString', '고객 요청').ok).toBe(false);
});

test('WITHDRAWN is final and is the only status that is not contactable', () => {
  for (const to of customerStatuses) expect(decideStatusChange('WITHDRAWN', to, '재가입 요청').ok).toBe(false);
  expect(customerStatuses.filter((s) => !isContactable(s))).toEqual(['WITHDRAWN']);
});

test('every fault at once: no target and no reason are both reported, each under its field', () => {
  const d = decideStatusChange('ACTIVE', '', '');
  expect(d.ok).toBe(false);
  if (!d.ok) expect(Object.keys(d.errors).sort()).toEqual(['comment', 'status']);
});

test('withdrawal needs the customer number typed again; other changes do not', () => {
  const confirm = (typed: string) => ({ customerNo: 'C0000042', typed });
  const refused = decideStatusChange('ACTIVE', 'WITHDRAWN', '본인 요청', confirm(''));
  expect(!refused.ok && Object.keys(refused.errors)).toEqual(['confirmWithdrawal']);
  if (!refused.ok) expect(refused.errors.confirmWithdrawal?.message).toContain('되돌릴 수 없습니다');
  expect(decideStatusChange('ACTIVE', 'WITHDRAWN', '본인 요청', confirm('C0000041')).ok).toBe(false);
  expect(decideStatusChange('ACTIVE', 'WITHDRAWN', '본인 요청', confirm(' c0000042 ')).ok).toBe(true);
  expect(decideStatusChange('ACTIVE', 'DORMANT', '장기 미거래', confirm('')).ok).toBe(true);
});
