import type { ResourceWithOptions } from 'adminjs';
import { Holding } from './holding.entity.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { serviceWriteActions } from '../../admin/access/domain-actions.js';
import { components } from '../../admin/components/component-loader.js';
import type { DomainServices } from '../domain-services.js';

/** Holdings: opened by a banker (the seller is the logged-in staff member), later closed; never deleted. */
export function holdingResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({
    create: (payload) => services.holdings.open(payload),
    update: (id, payload) => services.holdings.update(Number(id), payload),
  });
  return {
    resource: Holding,
    options: {
      titleProperty: 'contractNo',
      navigation: { name: 'crm', icon: 'Briefcase' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['contractNo', 'customerId', 'productId', 'productVersionId', 'amount', 'openedOn', 'closedOn', 'soldByStaffId', 'branchCode'],
      filterProperties: ['contractNo', 'customerId', 'productId', 'soldByStaffId', 'branchCode', 'openedOn'],
      editProperties: ['customerId', 'productVersionId', 'amount', 'openedOn', 'closedOn', 'branchCode'],
      properties: {
        customerId: { reference: 'Customer', isRequired: true },
        productId: { reference: 'Product' },
        productVersionId: { reference: 'ProductVersion', isRequired: true },
        soldByStaffId: { reference: 'Staff' },
        branchCode: { reference: 'Branch' },
        amount: { type: 'number', isRequired: true },
        openedOn: { type: 'date', isRequired: true, components: { edit: components.DateEdit } },
        closedOn: { type: 'date', components: { edit: components.DateEdit } },
      },
      actions: guardedActions('Holding', { ...writes, delete: { isVisible: false, isAccessible: false }, bulkDelete: { isVisible: false, isAccessible: false } }),
    },
  };
}
