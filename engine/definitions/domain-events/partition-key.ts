import type { DomainEvent } from './domain-event.schema.js';

/**
 * The Kafka key (and the in-process ordering key) of an event: the customer
 * number, so every event about one customer lands on one partition in the
 * order it was written. Every event of today's catalogue concerns one
 * customer; an event that concerns none (a segment published, say) would
 * get a key of its own aggregate here.
 */
export function partitionKeyOf(event: DomainEvent): string {
  return event.customerNo;
}
