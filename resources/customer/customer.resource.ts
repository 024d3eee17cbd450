import type { ResourceWithOptions } from 'adminjs';
import { Customer } from './customer.entity.js';
import { customerStatuses } from './customer-status.js';
import { guardedActions } from '../../admin/access/admin-actions.js';

export const customerResource: ResourceWithOptions = {
  resource: Customer,
  options: {
    titleProperty: 'customerNo',
    navigation: { name: 'crm', icon: 'Users' },
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['customerNo', 'status', 'branchCode', 'createdAt'],
    editProperties: ['customerNo', 'status', 'branchCode'],
    properties: {
      status: { availableValues: customerStatuses.map((s) => ({ value: s, label: s })) },
    },
    actions: guardedActions('Customer'),
  },
};
