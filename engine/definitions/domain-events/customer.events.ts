import { z } from 'zod';
import { customerStatuses } from '../../../resources/customer/customer-status.js';
import { bigId, codeName, defineDomainEvent, positiveId } from './envelope.js';

/**
 * A customer was created, edited or anonymised. `fields` names the changed
 * attributes (e.g. `region`, `tags`, `consentSms`), never their values;
 * consumers re-read what they need (segments re-evaluate the customer).
 */
export const customerChangedEvent = defineDomainEvent('customer.changed', {
  customerId: positiveId,
  change: z.enum(['created', 'updated', 'anonymised']),
  fields: z.array(codeName).max(100),
});

/**
 * The status lifecycle moved (ACTIVE ⇄ DORMANT, → SUSPENDED, → WITHDRAWN).
 * The reason is free text typed by staff and stays in
 * customer_status_history; the event carries that row's id.
 */
export const customerStatusChangedEvent = defineDomainEvent('customer.statusChanged', {
  customerId: positiveId,
  from: z.enum(customerStatuses),
  to: z.enum(customerStatuses),
  statusHistoryId: bigId,
});

export const customerEvents = [customerChangedEvent, customerStatusChangedEvent] as const;
