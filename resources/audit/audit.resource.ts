import type { ResourceWithOptions } from 'adminjs';
import { AuditLog } from './audit-log.entity.js';
import { guardedActions } from '../../admin/access/admin-actions.js';

/** Read-only for everyone: no role holds create/update/delete on AuditLog. */
export const auditResource: ResourceWithOptions = {
  resource: AuditLog,
  options: {
    titleProperty: 'action',
    navigation: { name: 'system', icon: 'FileText' },
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['occurredAt', 'action', 'resource', 'recordId', 'actorEmail', 'actorRole', 'ip'],
    filterProperties: ['occurredAt', 'action', 'resource', 'recordId', 'actorEmail', 'actorRole', 'ip'],
    showProperties: ['id', 'occurredAt', 'action', 'resource', 'recordId', 'actorId', 'actorEmail', 'actorRole', 'ip', 'detail', 'diff'],
    properties: {
      diff: { type: 'textarea' },
    },
    actions: guardedActions('AuditLog'),
  },
};
