import { z } from 'zod';
import { errorKinds } from '../../errors/taxonomy-error.js';
import { codeName, defineDomainEvent, positiveId } from './envelope.js';

export const messageChannels = ['sms', 'email', 'push'] as const;

/** The `message` row every message event is about. Rendered text, subjects, addresses and URLs never ride along. */
const messageRef = {
  messageId: positiveId,
  customerId: positiveId,
  channel: z.enum(messageChannels),
};

/**
 * A send was requested (a `message` row written with its unique idempotency
 * key). Journey fields are absent for a send that no journey made.
 */
export const messageRequestedEvent = defineDomainEvent('message.requested', {
  ...messageRef,
  templateId: positiveId,
  templateVersion: z.number().int().positive().optional(),
  journeyId: positiveId.optional(),
  journeyVersionId: positiveId.optional(),
  instanceId: positiveId.optional(),
  nodeId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  idempotencyKey: z.string().min(1).max(191),
});

/** The channel's provider accepted the message; `providerMessageId` is its id for receipts. */
export const messageSentEvent = defineDomainEvent('message.sent', {
  ...messageRef,
  attempt: z.number().int().positive(),
  providerMessageId: z.string().min(1).max(200).optional(),
});

export const messageDeliveredEvent = defineDomainEvent('message.delivered', messageRef);

/**
 * A send attempt failed: the error's kind and code from engine/errors,
 * never its text. `willRetry` is true for an operational error with
 * attempts left; the last failure of a message has it false.
 */
export const messageFailedEvent = defineDomainEvent('message.failed', {
  ...messageRef,
  attempt: z.number().int().positive(),
  errorKind: z.enum(errorKinds),
  errorCode: codeName,
  willRetry: z.boolean(),
});

/** The send-time law held the message (night time without consent; `heldFor` is the code) until `holdUntil`; it is judged again then. */
export const messageHeldEvent = defineDomainEvent('message.held', {
  ...messageRef,
  heldFor: codeName,
  holdUntil: z.iso.datetime(),
});

/** The send-time law (or the renderer: no recommendation, no address) refused the message for good; `suppressedFor` is the reason's code (send-reasons.ts). */
export const messageSuppressedEvent = defineDomainEvent('message.suppressed', {
  ...messageRef,
  suppressedFor: codeName,
});

/** The journey's goal event followed this message (the last one sent to the instance before the goal). */
export const messageConvertedEvent = defineDomainEvent('message.converted', {
  ...messageRef,
  journeyId: positiveId,
  goalEventType: z.string().min(1).max(100),
});

export const messageOpenedEvent = defineDomainEvent('message.opened', messageRef);

/** A tracked link was followed; `linkId` identifies it in the template, never its URL (a query string may hold personal data). */
export const messageClickedEvent = defineDomainEvent('message.clicked', {
  ...messageRef,
  linkId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

export const messageEvents = [
  messageRequestedEvent,
  messageHeldEvent,
  messageSuppressedEvent,
  messageSentEvent,
  messageDeliveredEvent,
  messageFailedEvent,
  messageOpenedEvent,
  messageClickedEvent,
  messageConvertedEvent,
] as const;
