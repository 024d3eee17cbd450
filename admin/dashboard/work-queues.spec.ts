import { queuesFor, queueKeys } from './work-queues.js';

/** Which work queues each role gets: only those whose items it may act on (CASL). */
describe('queuesFor', () => {
  const as = (role: string) => ({ id: '1', email: `${role}@x`, role });
  test.each([
    ['compliance', ['versionsToApprove', 'disclosuresToReview', 'templatesToApprove']],
    ['product', ['myRejected', 'myDrafts']],
    ['marketer', ['myRejectedTemplates']],
    ['admin', []],
    ['manager', []],
    ['banker', []],
    ['nobody', []],
  ])('%s -> %j', (role, queues) => {
    expect(queuesFor(as(role))).toEqual(queues);
  });
  test('no session, no queues; every queue belongs to some role', () => {
    expect(queuesFor(undefined)).toEqual([]);
    const covered = new Set(['compliance', 'product', 'marketer'].flatMap((r) => queuesFor(as(r))));
    expect([...queueKeys].filter((k) => !covered.has(k))).toEqual([]);
  });
});
