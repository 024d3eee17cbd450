import { EventSubscriber, type EntitySubscriberInterface, type InsertEvent, type RemoveEvent, type UpdateEvent } from 'typeorm';
import { auditDiff, redactedFieldsFor } from './audit-diff.util.js';
import { writeAudit } from './audit-writer.js';

/**
 * Entities whose writes are not audited: the audit log itself, and behaviour
 * facts, which are machine-ingested at volume and traceable to their Kafka
 * offset through their `source` column.
 */
const unaudited = new Set(['AuditLog', 'BehaviourEvent']);

/**
 * Writes an audit row for every insert, update and remove made through
 * TypeORM entities (which is how AdminJS writes), inside the same
 * transaction, with the actor taken from the request context.
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  async afterInsert(event: InsertEvent<Record<string, unknown>>): Promise<void> {
    const name = event.metadata.name;
    if (unaudited.has(name)) return;
    const fields = event.metadata.columns.map((c) => c.propertyName);
    const id = event.metadata.getEntityIdMixedMap(event.entity);
    await writeAudit(event.manager, { action: 'create', resource: name, recordId: idOf(id), diff: auditDiff(null, event.entity, fields, redactedFieldsFor(name)) });
  }

  async afterUpdate(event: UpdateEvent<Record<string, unknown>>): Promise<void> {
    const name = event.metadata.name;
    if (unaudited.has(name) || !event.entity) return;
    const before = (event.databaseEntity ?? null) as Record<string, unknown> | null;
    const fields = event.metadata.columns.map((c) => c.propertyName);
    const diff = auditDiff(before, { ...(before ?? {}), ...event.entity }, fields, redactedFieldsFor(name));
    if (Object.keys(diff).length === 0) return;
    const id = event.metadata.getEntityIdMixedMap(before ?? event.entity);
    await writeAudit(event.manager, { action: 'update', resource: name, recordId: idOf(id), diff });
  }

  async beforeRemove(event: RemoveEvent<Record<string, unknown>>): Promise<void> {
    const name = event.metadata.name;
    const entity = (event.databaseEntity ?? event.entity) as Record<string, unknown> | undefined;
    if (unaudited.has(name) || !entity) return;
    const fields = event.metadata.columns.map((c) => c.propertyName);
    const id = event.metadata.getEntityIdMixedMap(entity);
    await writeAudit(event.manager, { action: 'delete', resource: name, recordId: idOf(id), diff: auditDiff(entity, null, fields, redactedFieldsFor(name)) });
  }
}

function idOf(id: unknown): string | null {
  if (id === undefined || id === null) return null;
  if (typeof id === 'object') return Object.values(id as Record<string, unknown>).join(':');
  return String(id);
}
