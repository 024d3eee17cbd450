import { randomUUID } from 'node:crypto';
import { makeDomainEvent, type DomainEventActor, type DomainEventOf, type DomainEventPayload, type DomainEventType } from '../definitions/domain-events/index.js';
import { domainActorOf } from './domain-actor.js';

/**
 * A new event for the outbox, as a writer makes it: a fresh UUID, the
 * writer's `now`, and the actor of the request or job context unless given
 * (checked against the catalogue; a misfit throws FatalError `invalidDomainEvent`).
 */
export function newDomainEvent<T extends DomainEventType>(
  type: T,
  customerNo: string,
  payload: DomainEventPayload<T>,
  occurredAt: Date,
  actor: DomainEventActor = domainActorOf(),
): DomainEventOf<T> {
  return makeDomainEvent({ type, eventId: randomUUID(), occurredAt, customerNo, actor, payload });
}
