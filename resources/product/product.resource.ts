import type { ActionContext, ActionRequest, ResourceWithOptions } from 'adminjs';
import { Product } from './product.entity.js';
import { productTypes } from './product-attributes.js';
import { loadProductOverview } from './product-overview.query.js';
import { can, guardedActions } from '../../admin/access/admin-actions.js';
import { serviceWriteActions } from '../../admin/access/domain-actions.js';
import { components } from '../../admin/components/component-loader.js';
import type { DomainServices } from '../domain-services.js';
import { enumValues } from '../shared/enum-values.js';

/** The catalogue: soft delete only; the show page is the product overview (versions, disclosures, history). */
export function productResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({
    create: (payload) => services.catalogue.saveProduct(null, payload),
    update: (id, payload) => services.catalogue.saveProduct(Number(id), payload),
    remove: (id) => services.catalogue.deleteProduct(Number(id)),
  });
  return {
    resource: Product,
    options: {
      titleProperty: 'name',
      navigation: { name: 'catalogue', icon: 'Package' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['code', 'name', 'type', 'category', 'riskGrade', 'tags', 'updatedAt'],
      filterProperties: ['code', 'name', 'type', 'category', 'riskGrade', 'tags'],
      editProperties: ['code', 'name', 'type', 'category', 'riskGrade', 'tags', 'imageUrl', 'summary'],
      properties: {
        type: { availableValues: enumValues(productTypes) },
        riskGrade: { availableValues: enumValues([1, 2, 3, 4, 5, 6]) },
        summary: { type: 'textarea' },
        deletedAt: { isVisible: false },
        createdBy: { reference: 'Staff', isVisible: { list: false, show: true, edit: false, filter: false } },
      },
      actions: guardedActions('Product', {
        ...writes,
        // Soft delete of many at once would bypass the per-product checks; one at a time.
        bulkDelete: { isVisible: false, isAccessible: false },
        show: { component: components.ProductOverview },
        overview: {
          actionType: 'record',
          component: false,
          isVisible: false,
          isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'Product'),
          handler: async (_req: ActionRequest, _res: unknown, context: ActionContext) => ({
            record: context.record!.toJSON(context.currentAdmin),
            overview: await loadProductOverview(services.ds, Number(context.record!.id())),
            grants: { addVersion: can(context.currentAdmin, 'create', 'ProductVersion') },
          }),
        },
      }),
    },
  };
}
