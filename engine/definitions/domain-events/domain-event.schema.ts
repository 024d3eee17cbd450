import { z } from 'zod';
import { customerEvents } from './customer.events.js';
import { holdingEvents } from './holding.events.js';
import { journeyEvents } from './journey.events.js';
import { messageEvents } from './message.events.js';
import { segmentEvents } from './segment.events.js';

/** Every event type of the catalogue, one schema each (split by domain in `*.events.ts`). */
export const domainEventSchemas = [...customerEvents, ...holdingEvents, ...segmentEvents, ...journeyEvents, ...messageEvents] as const;

/** Any domain event, discriminated on `type`. */
export const domainEventUnion = z.discriminatedUnion('type', domainEventSchemas);

export type DomainEvent = z.output<typeof domainEventUnion>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
export type DomainEventPayload<T extends DomainEventType> = DomainEventOf<T>['payload'];

type SchemaOf<T extends DomainEventType> = Extract<(typeof domainEventSchemas)[number], { shape: { type: z.ZodLiteral<T> } }>;

/** The schema of one event type. */
export const domainEventSchemaOf = Object.fromEntries(domainEventSchemas.map((s) => [s.shape.type.value, s])) as {
  [T in DomainEventType]: SchemaOf<T>;
};

/** The catalogue's event types, in catalogue order. */
export const domainEventTypes = domainEventSchemas.map((s) => s.shape.type.value) as DomainEventType[];

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(domainEventSchemaOf, type);
}
