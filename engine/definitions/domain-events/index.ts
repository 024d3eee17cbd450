/**
 * The catalogue of domain events (the spine): what one domain tells the
 * others, written to the outbox in the same transaction as the change,
 * relayed to Kafka keyed by customer and delivered to in-process
 * subscribers. Pure: schemas, types and helpers, no I/O.
 */
export { actorSchema, customerNoSchema, defineDomainEvent, type DomainEventActor } from './envelope.js';
export * from './customer.events.js';
export * from './holding.events.js';
export * from './segment.events.js';
export * from './journey.events.js';
export * from './message.events.js';
export * from './domain-event.schema.js';
export { parseDomainEvent, problemsOf, describeProblems, type DomainEventProblem, type ParsedDomainEvent } from './parse-domain-event.js';
export { makeDomainEvent, type DomainEventInput } from './make-domain-event.js';
export { partitionKeyOf } from './partition-key.js';
export { toSegmentKafkaMessage, type SegmentDomainEvent } from './segment-kafka-message.js';
export * from './kafka-topics.js';
