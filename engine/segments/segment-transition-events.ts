import { randomUUID } from 'node:crypto';
import { makeDomainEvent, type DomainEventActor, type SegmentDomainEvent } from '../definitions/domain-events/index.js';
import { FatalError } from '../errors/fatal.error.js';
import type { TransitionCause } from './membership-refresh.js';

/** A segment_transition row just written, with the customer's number. */
export interface WrittenTransition {
  id: string | number;
  customerId: number;
  customerNo: string;
  kind: 'ENTERED' | 'EXITED';
}

/** The published version the transitions are about. */
export interface TransitionSegment {
  segmentId: number;
  versionId: number;
  version: number;
  name: string;
}

/**
 * segment.entered / segment.exited domain events for transitions written in
 * the caller's transaction, in the order given (the caller appends them to
 * the outbox in the same transaction). `transitionId` is the row id, so the
 * segment-events message keeps its `segment-transition-<id>` eventId.
 */
export function segmentTransitionEvents(
  rows: readonly WrittenTransition[],
  segment: TransitionSegment,
  cause: TransitionCause,
  occurredAt: Date,
  actor: DomainEventActor,
): SegmentDomainEvent[] {
  return rows.map((r) => {
    if (!r.customerNo) throw new FatalError('brokenInvariant', `segment_transition ${r.id}: customer ${r.customerId} has no customer number`);
    return makeDomainEvent({
      type: r.kind === 'ENTERED' ? 'segment.entered' : 'segment.exited',
      eventId: randomUUID(),
      occurredAt,
      customerNo: r.customerNo,
      actor,
      payload: {
        transitionId: String(r.id),
        customerId: Number(r.customerId),
        segmentId: segment.segmentId,
        versionId: segment.versionId,
        version: segment.version,
        segmentName: segment.name,
        cause: cause.toLowerCase() as Lowercase<TransitionCause>,
      },
    });
  });
}
