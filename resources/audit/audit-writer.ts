import type { EntityManager } from 'typeorm';
import { AuditLog, type AuditDiff } from './audit-log.entity.js';
import { currentActor, type Actor } from '../../engine/context/request-context.js';

export interface AuditEntry {
  action: string;
  resource?: string | null;
  recordId?: string | number | null;
  diff?: AuditDiff | null;
  detail?: string | null;
  /** Defaults to the actor of the current request or job. */
  actor?: Actor;
}

/**
 * Appends one audit row through `manager`, so that when called inside a
 * transaction the audit line commits or rolls back with the change itself.
 */
export async function writeAudit(manager: EntityManager, entry: AuditEntry, now = new Date()): Promise<void> {
  const actor = entry.actor ?? currentActor();
  await manager.insert(AuditLog, {
    occurredAt: now,
    action: entry.action,
    resource: entry.resource ?? null,
    recordId: entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
    actorId: actor.id,
    actorEmail: actor.email.slice(0, 190),
    actorRole: actor.role,
    ip: actor.ip,
    diff: (entry.diff ?? null) as never,
    detail: entry.detail?.slice(0, 255) ?? null,
  });
}
