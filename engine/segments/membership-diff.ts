/**
 * The pure decision of real-time membership: given which segments a set of
 * customers should be in now and which they are in, what enters and what
 * exits. Segments not evaluated (e.g. whose plan failed) are left alone.
 */
export interface MembershipChange {
  segmentId: number;
  customerId: number;
  kind: 'ENTERED' | 'EXITED';
}

export function membershipChanges(evaluated: ReadonlyArray<{ segmentId: number; customerId: number; matches: boolean }>, current: ReadonlySet<string>): MembershipChange[] {
  const changes: MembershipChange[] = [];
  for (const e of evaluated) {
    const isMember = current.has(membershipKey(e.segmentId, e.customerId));
    if (e.matches && !isMember) changes.push({ segmentId: e.segmentId, customerId: e.customerId, kind: 'ENTERED' });
    else if (!e.matches && isMember) changes.push({ segmentId: e.segmentId, customerId: e.customerId, kind: 'EXITED' });
  }
  return changes;
}

export const membershipKey = (segmentId: number, customerId: number) => `${segmentId}:${customerId}`;
