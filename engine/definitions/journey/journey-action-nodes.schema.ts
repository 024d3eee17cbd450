import { z } from 'zod';
import { journeyIssue } from './journey-problems.js';
import { edgeSchema, labelSchema, nodeIdSchema } from './journey-fields.js';

/**
 * The blocks that do something for or about the customer. Each continues on
 * `next` once its command is committed; delivery, retries and failures are
 * the runtime's (a send that fails does not stall the journey; a webhook that
 * keeps failing marks the instance failed with its reason).
 */

export const messageChannels = ['sms', 'email', 'push'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/**
 * Ask a channel to send one message from a template. Consent, night-time
 * rules, "(광고)" marking, suitability and frequency caps are checked at send
 * time by the channel, never here.
 */
export const sendMessageNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('sendMessage'),
  label: labelSchema,
  channel: z.enum(messageChannels, 'sms, email or push'),
  templateId: z.number().int().positive('a template id'),
  next: edgeSchema,
});

/**
 * The customer fields a journey may set. Consents are the customer's own
 * decision; status, investment propensity and risk grade come from regulated
 * processes (KYC, suitability); contact details and identity belong to the
 * banker. What remains is marketing bookkeeping: the segment label and tags.
 */
export const journeySettableAttributes = ['segmentLabel'] as const;
export type JourneySettableAttribute = (typeof journeySettableAttributes)[number];

const tagSchema = z
  .string()
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\s,\u0000-\u001f\u007f]{1,40}$/, 'a tag: 1 to 40 characters without commas or spaces');

export const customerChangeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('addTag'), tag: tagSchema }),
    z.object({ kind: z.literal('removeTag'), tag: tagSchema }),
    z.object({
      kind: z.literal('setAttribute'),
      attribute: z.enum(journeySettableAttributes, `a journey may only set ${journeySettableAttributes.join(', ')}`),
      /** null clears the field. */
      value: z.string().trim().min(1).max(40, 'at most 40 characters').nullable(),
    }),
  ],
  'addTag, removeTag or setAttribute',
);

/** Change one customer field, through the customer service, audited with the journey as the actor. */
export const updateCustomerNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('updateCustomer'),
  label: labelSchema,
  change: customerChangeSchema,
  next: edgeSchema,
});

/**
 * What a webhook's JSON body may carry: identifiers and journey context,
 * never contact details. The runtime builds the body from these keys and adds
 * the HMAC signature and idempotency-key headers.
 */
export const webhookPayloadKeys = ['customerNo', 'journeyId', 'journeyVersion', 'instanceId', 'nodeId', 'enteredAt', 'entryEventType', 'entryEventProperties'] as const;
export type WebhookPayloadKey = (typeof webhookPayloadKeys)[number];

const webhookUrlSchema = z
  .string()
  .max(2000, 'at most 2000 characters')
  .superRefine((u, ctx) => {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      return ctx.addIssue(journeyIssue([], 'webhookUrl'));
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return ctx.addIssue(journeyIssue([], 'webhookUrl'));
    if (url.username || url.password) ctx.addIssue(journeyIssue([], 'webhookUrlCredentials'));
  });

/**
 * POST JSON to a bank system. Which hosts may be called is the runtime's
 * allow-list (configuration), so a definition cannot reach an address the
 * operators did not approve, whatever it says here.
 */
export const webhookNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.literal('webhook'),
  label: labelSchema,
  url: webhookUrlSchema,
  payload: z.array(z.enum(webhookPayloadKeys)).min(1, 'choose at least one field').max(webhookPayloadKeys.length),
  next: edgeSchema,
});

export type SendMessageNode = z.output<typeof sendMessageNodeSchema>;
export type CustomerChange = z.output<typeof customerChangeSchema>;
export type UpdateCustomerNode = z.output<typeof updateCustomerNodeSchema>;
export type WebhookNode = z.output<typeof webhookNodeSchema>;
