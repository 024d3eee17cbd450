import { membershipChanges, membershipKey } from './membership-diff.js';

describe('membershipChanges', () => {
  it('enters a matching non-member, exits a non-matching member, leaves the rest alone', () => {
    const current = new Set([membershipKey(1, 10), membershipKey(1, 11), membershipKey(2, 10)]);
    const changes = membershipChanges(
      [
        { segmentId: 1, customerId: 10, matches: true }, // stays
        { segmentId: 1, customerId: 11, matches: false }, // exits
        { segmentId: 1, customerId: 12, matches: true }, // enters
        { segmentId: 2, customerId: 12, matches: false }, // stays out
      ],
      current,
    );
    expect(changes).toEqual([
      { segmentId: 1, customerId: 11, kind: 'EXITED' },
      { segmentId: 1, customerId: 12, kind: 'ENTERED' },
    ]);
  });

  it('does not touch a membership whose segment was not evaluated', () => {
    expect(membershipChanges([], new Set([membershipKey(3, 1)]))).toEqual([]);
  });
});
