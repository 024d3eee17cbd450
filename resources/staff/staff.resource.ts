import { NotFoundError, type ActionRequest, type ActionContext, type ActionResponse, type ResourceOptions, type ResourceWithOptions } from 'adminjs';
import { Staff } from './staff.entity.js';
import { staffRoles } from './staff-role.js';
import { StaffService, type StaffWrite } from './staff.service.js';
import { enumValues } from '../shared/enum-values.js';
import type { WriteResult } from '../shared/write-result.js';
import { can, guardedActions } from '../../admin/access/admin-actions.js';
import { serviceWriteActions, unwrap } from '../../admin/access/domain-actions.js';
import { currentActor } from '../../engine/context/request-context.js';
import { keepCurrentSession } from '../../admin/auth/session-scope.js';

/**
 * The service on the data source AdminJS's TypeORM adapter itself writes
 * through (the one the entity was registered with at start-up).
 */
const service = () => new StaffService(Staff.getRepository().manager.connection);

const accountOf = (result: WriteResult<StaffWrite>): WriteResult<Staff> => (result.ok ? { ok: true, entity: result.entity.staff } : result);

/**
 * Writes go through StaffService instead of AdminJS's adapter: `new` is an
 * INSERT (the adapter's save() would update the row whose id a crafted
 * payload names), every field is validated, and the self-protection of
 * administrators is decided once for edit, delete and bulk delete alike.
 */
const writeActions = serviceWriteActions({
  create: async (payload) => accountOf(await service().create(payload)),
  update: async (id, payload) => {
    const result = await service().update(Number(id), payload, currentActor().id);
    // Changing one's own password ends one's other sessions, not this one.
    if (result.ok && result.entity.sessionsValidFrom) keepCurrentSession(result.entity.staff.id, result.entity.sessionsValidFrom);
    return accountOf(result);
  },
  remove: async (id) => {
    const result = await service().remove([Number(id)], currentActor().id);
    return result.ok ? { ok: true, entity: result.entity[0]! } : result;
  },
});

const bulkDelete = {
  handler: async (request: ActionRequest, _res: unknown, context: ActionContext): Promise<ActionResponse> => {
    const records = context.records ?? [];
    if (records.length === 0) throw new NotFoundError('no records were selected.', 'Action#handler');
    const json = records.map((r) => r.toJSON(context.currentAdmin));
    if (request.method === 'get') return { records: json };
    unwrap(
      await service().remove(
        records.map((r) => Number(r.id())),
        currentActor().id,
      ),
    );
    return {
      records: json,
      notice: { message: records.length > 1 ? 'successfullyBulkDeleted_plural' : 'successfullyBulkDeleted', options: { count: records.length }, type: 'success' },
      redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
    };
  },
};

/**
 * The staff picker (e.g. a customer's assigned banker): open to whoever may
 * read staff or maintain customers. A banker, who may not read staff records,
 * gets each colleague's id, e-mail and name only (the Staff exposure policy in
 * admin/access/exposure-policies.ts); secret fields can be neither searched,
 * filtered nor sorted by anyone (admin/access/action-query.rules.ts).
 */
const staffPickerSearch = {
  isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'Staff') || can(currentAdmin, 'update', 'Customer'),
};

export const staffResource: ResourceWithOptions = {
  resource: Staff,
  options: {
    titleProperty: 'email',
    navigation: { name: 'system', icon: 'Settings' },
    listProperties: ['id', 'email', 'displayName', 'role', 'branchCode', 'active', 'lastLoginAt'],
    showProperties: ['id', 'email', 'displayName', 'role', 'branchCode', 'active', 'lastLoginAt', 'createdAt', 'updatedAt'],
    editProperties: ['email', 'displayName', 'role', 'branchCode', 'active', 'password'],
    filterProperties: ['email', 'displayName', 'role', 'branchCode', 'active'],
    sort: { sortBy: 'id', direction: 'asc' },
    properties: {
      passwordHash: { isVisible: false },
      sessionsValidFrom: { isVisible: false },
      password: { type: 'password', isVisible: { list: false, show: false, filter: false, edit: true } },
      role: { availableValues: enumValues(staffRoles) },
      lastLoginAt: { isVisible: { list: true, show: true, filter: false, edit: false } },
    },
    actions: {
      ...guardedActions('Staff', {
        ...writeActions,
        bulkDelete,
      }),
      search: staffPickerSearch,
    } as ResourceOptions['actions'],
  },
};
