import { allowedStatusTransitions, decideStatusChange, isContactable } from './customer-status-rules.js';
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
    if (!d.ok) expect(d.message).toBe(from === to ? `이미 ${from} 상태입니다` : `${from}에서 ${to}(으)로는 변경할 수 없습니다`);
  });
});

test('the exported table matches the lifecycle', () => {
  for (const s of customerStatuses) expect([...allowedStatusTransitions[s]].sort()).toEqual([...expected[s]].sort());
});

test('an allowed change without a reason (empty, blank or one character) is refused', () => {
  for (const reason of ['', '   ', 'a', ' 가 ']) {
    expect(decideStatusChange('ACTIVE', 'DORMANT', reason)).toEqual({ ok: false, message: '변경 사유를 입력하세요' });
  }
  expect(decideStatusChange('ACTIVE', 'DORMANT', '장기 미거래')).toEqual({ ok: true });
});

test('an unknown target status is refused by name, whatever the reason', () => {
  expect(decideStatusChange('ACTIVE', 'DELETED', '고객 요청')).toEqual({ ok: false, message: '알 수 없는 상태입니다 (DELETED)' });
  expect(decideStatusChange('ACTIVE', '', '고객 요청').ok).toBe(false);
  expect(decideStatusChange('ACTIVE', 'active', '고객 요청').ok).toBe(false);
  // Not a key of the table, even though `in` would find it on Object.prototype.
  expect(decideStatusChange('ACTIVE', 'toString', '고객 요청').ok).toBe(false);
});

test('WITHDRAWN is final and is the only status that is not contactable', () => {
  for (const to of customerStatuses) expect(decideStatusChange('WITHDRAWN', to, '재가입 요청').ok).toBe(false);
  expect(customerStatuses.filter((s) => !isContactable(s))).toEqual(['WITHDRAWN']);
});
