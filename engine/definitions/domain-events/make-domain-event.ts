import { FatalError } from '../../errors/fatal.error.js';
import type { DomainEventActor } from './envelope.js';
import { domainEventSchemaOf, type DomainEventOf, type DomainEventPayload, type DomainEventType } from './domain-event.schema.js';
import { describeProblems, problemsOf } from './parse-domain-event.js';

export interface DomainEventInput<T extends DomainEventType> {
  type: T;
  /** A fresh UUID, made by the caller (`randomUUID()`), so this stays pure. */
  eventId: string;
  /** When it happened: the caller's `now`, never read here. */
  occurredAt: Date;
  customerNo: string;
  actor: DomainEventActor;
  payload: DomainEventPayload<T>;
}

/**
 * Builds one event and checks it against its schema, for the code that
 * writes it to the outbox. An event that does not fit is a bug in that code
 * (the compiler already checks the shape; this catches values: a negative
 * id, a customer number with spaces), so it throws a FatalError
 * `invalidDomainEvent` naming the paths, and the change that caused it rolls back.
 */
export function makeDomainEvent<T extends DomainEventType>(input: DomainEventInput<T>): DomainEventOf<T> {
  const candidate = { ...input, occurredAt: input.occurredAt.toISOString() };
  const r = domainEventSchemaOf[input.type].safeParse(candidate);
  if (!r.success) throw new FatalError('invalidDomainEvent', `invalid ${input.type} event: ${describeProblems(problemsOf(r.error))}`);
  return r.data as DomainEventOf<T>;
}
