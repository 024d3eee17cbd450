/**
 * What a consumer of `segment-events` receives (journeys start from these).
 * `eventId` is stable per transition, so a re-sent message is recognisable.
 */
export interface SegmentEventMessage {
  eventId: string;
  type: 'segment.entered' | 'segment.exited';
  customerNo: string;
  segmentId: number;
  segmentName: string;
  version: number;
  cause: 'publish' | 'refresh' | 'event' | 'archive';
  occurredAt: string;
}

export interface TransitionRow {
  id: string;
  segment_id: number;
  version_id: number;
  customer_id: number;
  kind: 'ENTERED' | 'EXITED';
  cause: 'PUBLISH' | 'REFRESH' | 'EVENT' | 'ARCHIVE';
  occurred_at: Date;
}

/** Pure mapping from an outbox row (plus looked-up names) to the Kafka message. */
export function toSegmentEvent(row: TransitionRow, customerNo: string, segment: { name: string; version: number }): SegmentEventMessage {
  return {
    eventId: `segment-transition-${row.id}`,
    type: row.kind === 'ENTERED' ? 'segment.entered' : 'segment.exited',
    customerNo,
    segmentId: Number(row.segment_id),
    segmentName: segment.name,
    version: segment.version,
    cause: row.cause.toLowerCase() as SegmentEventMessage['cause'],
    occurredAt: new Date(row.occurred_at).toISOString(),
  };
}
