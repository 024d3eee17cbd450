import type { SegmentEventMessage } from '../../segments/segment-event.js';
import type { DomainEventOf } from './domain-event.schema.js';

export type SegmentDomainEvent = DomainEventOf<'segment.entered'> | DomainEventOf<'segment.exited'>;

/**
 * The message `segment-events` consumers have always received, from a
 * segment domain event: the same fields, in the same order, with the same
 * `eventId` (`segment-transition-<transition id>`, not the envelope's UUID),
 * so moving segment transitions onto the spine changes nothing for them.
 */
export function toSegmentKafkaMessage(event: SegmentDomainEvent): SegmentEventMessage {
  const p = event.payload;
  return {
    eventId: `segment-transition-${p.transitionId}`,
    type: event.type,
    customerNo: event.customerNo,
    segmentId: p.segmentId,
    segmentName: p.segmentName,
    version: p.version,
    cause: p.cause,
    occurredAt: new Date(event.occurredAt).toISOString(),
  };
}
