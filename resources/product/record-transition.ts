import type { EntityManager } from 'typeorm';
import { LifecycleTransition, type TransitionSubject } from './lifecycle-transition.entity.js';
import { currentActor } from '../../engine/context/request-context.js';

/** Appends one lifecycle step (who, when, from, to, comment) in the caller's transaction. */
export async function recordTransition(
  m: EntityManager,
  t: { subjectType: TransitionSubject; subjectId: number; productId: number; from: string | null; to: string; comment?: string | null },
  now: Date,
): Promise<void> {
  const actor = currentActor();
  await m.insert(LifecycleTransition, {
    subjectType: t.subjectType,
    subjectId: t.subjectId,
    productId: t.productId,
    fromStatus: t.from,
    toStatus: t.to,
    actorId: actor.id,
    actorEmail: actor.email,
    comment: t.comment?.trim().slice(0, 1000) || null,
    occurredAt: now,
  });
}
