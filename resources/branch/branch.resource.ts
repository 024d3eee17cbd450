import type { ResourceWithOptions } from 'adminjs';
import { Branch } from './branch.entity.js';
import { regions } from '../customer/customer-attributes.js';
import { enumValues } from '../shared/enum-values.js';
import { guardedActions } from '../../admin/access/admin-actions.js';

/** Branches: reference data kept by administrators; never deleted (staff, customers and sales point at them). */
export const branchResource: ResourceWithOptions = {
  resource: Branch,
  options: {
    titleProperty: 'name',
    navigation: { name: 'crm', icon: 'MapPin' },
    listProperties: ['code', 'name', 'region'],
    editProperties: ['code', 'name', 'region'],
    properties: { region: { availableValues: enumValues(regions) } },
    actions: guardedActions('Branch', { delete: { isAccessible: false, isVisible: false }, bulkDelete: { isAccessible: false, isVisible: false } }),
  },
};
