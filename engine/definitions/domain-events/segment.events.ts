import { z } from 'zod';
import { bigId, defineDomainEvent, positiveId, versionNo } from './envelope.js';

/** Why membership changed (segment_transition.cause, lower-case as on Kafka). */
export const segmentTransitionCauses = ['publish', 'refresh', 'event', 'archive'] as const;

/**
 * A customer entered or left a segment's published version.
 * `transitionId` is the segment_transition row (the membership history),
 * which keeps the Kafka message's `eventId` (`segment-transition-<id>`) what
 * consumers already deduplicate on. `segmentName` is the segment's label
 * (a marketing name, not personal data), carried because today's message has it.
 */
const segmentTransition = {
  transitionId: bigId,
  customerId: positiveId,
  segmentId: positiveId,
  versionId: positiveId,
  version: versionNo,
  segmentName: z.string().refine((s) => [...s].length <= 100, 'at most 100 characters'),
  cause: z.enum(segmentTransitionCauses),
};

export const segmentEnteredEvent = defineDomainEvent('segment.entered', segmentTransition);
export const segmentExitedEvent = defineDomainEvent('segment.exited', segmentTransition);

export const segmentEvents = [segmentEnteredEvent, segmentExitedEvent] as const;
