import { z } from 'zod';
import { codeName, defineDomainEvent, positiveId, versionNo } from './envelope.js';

/** A node id inside a journey definition. */
const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only, at most 64');

/** The instance every journey event is about: the version it entered with, never the definition itself. */
const instanceRef = {
  journeyId: positiveId,
  versionId: positiveId,
  instanceId: positiveId,
  customerId: positiveId,
};

/** What started the instance; `triggerEventId` is the customer event or domain event that did, when there was one. */
export const journeyEntryKinds = ['event', 'segmentEntered', 'segmentExited', 'schedule', 'api'] as const;

export const journeyInstanceStartedEvent = defineDomainEvent('journey.instanceStarted', {
  ...instanceRef,
  version: versionNo,
  entry: z.enum(journeyEntryKinds),
  triggerEventId: z.string().min(1).max(100).optional(),
});

/** The instance entered a node; `visit` counts entries of that node by this instance (1, 2, … in loops). */
export const journeyStepEnteredEvent = defineDomainEvent('journey.stepEntered', {
  ...instanceRef,
  nodeId,
  nodeType: codeName,
  visit: z.number().int().positive(),
});

export const journeyExitReasons = ['completed', 'goalReached', 'exitCondition', 'leftSegment', 'maxDuration', 'archived', 'failed'] as const;
export type JourneyExitReason = (typeof journeyExitReasons)[number];

/** The instance ended; `nodeId` is where it was. A failed one names its error code (engine/errors), never the error text. */
export const journeyInstanceExitedEvent = defineDomainEvent('journey.instanceExited', {
  ...instanceRef,
  nodeId: nodeId.optional(),
  reason: z.enum(journeyExitReasons),
  errorCode: codeName.optional(),
});

/** The journey's goal was reached within its window (the instance then exits with `goalReached`). */
export const journeyConvertedEvent = defineDomainEvent('journey.converted', {
  ...instanceRef,
  nodeId: nodeId.optional(),
  goalEventType: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .optional(),
  goalEventId: z.string().min(1).max(100).optional(),
});

export const journeyEvents = [journeyInstanceStartedEvent, journeyStepEnteredEvent, journeyInstanceExitedEvent, journeyConvertedEvent] as const;
