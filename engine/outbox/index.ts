/**
 * The domain-event spine at run time: writers append events to the outbox
 * inside their transactions (`appendToOutbox`), the relay sends them to
 * Kafka and to in-process subscribers (`DomainEventRelay`), housekeeping
 * purges what was published long ago. The catalogue of events is in
 * engine/definitions/domain-events/.
 */
export { appendToOutbox, type OutboxQueryable } from './append-to-outbox.js';
export { DomainEventRelay, type DomainEventHandler, type DrainResult, type RelayOptions } from './domain-event-relay.js';
export { noOutboxKick, type OutboxKick } from './outbox-kick.js';
export { domainActorOf } from './domain-actor.js';
export { newDomainEvent } from './new-domain-event.js';
export { purgePublishedEvents } from './purge-published.js';
export { collectOutboxBacklog } from './outbox-metrics.js';
