import { z } from 'zod';
import { productTypes } from '../../../resources/product/product-attributes.js';
import { codeName, defineDomainEvent, positiveId } from './envelope.js';

/** The product a holding is of: ids, the version sold and the type (journeys filter on it). */
const productRef = {
  holdingId: positiveId,
  customerId: positiveId,
  productId: positiveId,
  productVersionId: positiveId,
  productType: z.enum(productTypes),
};

/** A holding was opened (sold by staff or recorded by a bank system). Amount and contract number stay in `holding`. */
export const holdingOpenedEvent = defineDomainEvent('holding.opened', {
  ...productRef,
  openedOn: z.iso.date(),
});

/** A holding was closed (its `closed_on` set). */
export const holdingClosedEvent = defineDomainEvent('holding.closed', {
  ...productRef,
  closedOn: z.iso.date(),
});

/**
 * Any other edit of an open holding (e.g. its amount): segments with amount
 * ranges re-evaluate the customer. `fields` names what changed, not the values.
 */
export const holdingChangedEvent = defineDomainEvent('holding.changed', {
  ...productRef,
  fields: z.array(codeName).max(50),
});

export const holdingEvents = [holdingOpenedEvent, holdingClosedEvent, holdingChangedEvent] as const;
