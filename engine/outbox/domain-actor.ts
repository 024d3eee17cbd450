import { currentActor, type Actor } from '../context/request-context.js';
import type { DomainEventActor } from '../definitions/domain-events/index.js';

const componentName = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * The domain-event actor of the request or job context: a staff member by
 * id (never their e-mail), else the system part named by the context
 * (`system:segment-refresh` → `segment-refresh`, as the Bull workers and
 * the seed set it), else `system`.
 */
export function domainActorOf(actor: Actor = currentActor()): DomainEventActor {
  if (actor.id !== null && Number.isSafeInteger(actor.id) && actor.id > 0) return { kind: 'staff', id: actor.id };
  const named = /^system:(.+)$/.exec(actor.email)?.[1];
  return { kind: 'system', id: named && componentName.test(named) ? named : 'system' };
}
