import { BaseRecord, type ActionContext, type ActionRequest, type ResourceWithOptions } from 'adminjs';
import { Branch } from './branch.entity.js';
import { BranchService } from './branch.service.js';
import { regions } from '../customer/customer-attributes.js';
import { enumValues } from '../shared/enum-values.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { unwrap } from '../../admin/access/domain-actions.js';

/** The service on the data source AdminJS's TypeORM adapter itself writes through. */
const service = () => new BranchService(Branch.getRepository().manager.connection);

/** After a write: the saved branch, a success notice, and its page (branches are keyed by code, not id). */
function saved(branch: Branch, context: ActionContext, message: string) {
  return {
    record: new BaseRecord({ ...branch }, context.resource).toJSON(context.currentAdmin),
    redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: branch.code, actionName: 'show' }),
    notice: { message, type: 'success' as const },
  };
}

/**
 * Branches: reference data kept by administrators; never deleted (staff,
 * customers and sales point at them). Writes go through BranchService: `new`
 * never overwrites an existing branch, every field is validated.
 */
export const branchResource: ResourceWithOptions = {
  resource: Branch,
  options: {
    titleProperty: 'name',
    navigation: { name: 'crm', icon: 'MapPin' },
    listProperties: ['code', 'name', 'region'],
    editProperties: ['code', 'name', 'region'],
    properties: { region: { availableValues: enumValues(regions) } },
    actions: guardedActions('Branch', {
      new: {
        handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
          if (request.method !== 'post') return {};
          return saved(unwrap(await service().create(request.payload ?? {})), context, 'successfullyCreated');
        },
      },
      edit: {
        handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
          const record = context.record!;
          if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
          return saved(unwrap(await service().update(record.id(), request.payload ?? {})), context, 'successfullyUpdated');
        },
      },
      delete: { isAccessible: false, isVisible: false },
      bulkDelete: { isAccessible: false, isVisible: false },
    }),
  },
};
