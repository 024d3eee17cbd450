import type { ResourceWithOptions } from 'adminjs';
import { RateTier } from './rate-tier.entity.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { serviceWriteActions } from '../../admin/access/domain-actions.js';
import type { DomainServices } from '../domain-services.js';
import { components } from '../../admin/components/component-loader.js';

/** Rate table rows (term x amount -> rate in bp); changed only while their version is a draft. */
export function rateTierResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({
    create: (payload) => services.catalogue.saveTier(null, payload),
    update: (id, payload) => services.catalogue.saveTier(Number(id), payload),
    remove: (id) => services.catalogue.deleteTier(Number(id)),
  });
  return {
    resource: RateTier,
    options: {
      navigation: { name: 'catalogue', icon: 'Percent' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['productVersionId', 'termMonthsMin', 'termMonthsMax', 'amountMin', 'amountMax', 'rateBp'],
      filterProperties: ['productVersionId'],
      editProperties: ['productVersionId', 'termMonthsMin', 'termMonthsMax', 'amountMin', 'amountMax', 'rateBp'],
      showProperties: ['productVersionId', 'termMonthsMin', 'termMonthsMax', 'amountMin', 'amountMax', 'rateBp'],
      properties: {
        productVersionId: { reference: 'ProductVersion', isRequired: true },
        // Stored exactly in basis points; entered and shown in percent (rate-percent.tsx), amounts in KRW (krw-amount.tsx).
        rateBp: { isRequired: true, components: { list: components.RatePercent, show: components.RatePercent, edit: components.RatePercent } },
        amountMin: { components: { list: components.KrwAmount, show: components.KrwAmount, edit: components.KrwAmount } },
        amountMax: { components: { list: components.KrwAmount, show: components.KrwAmount, edit: components.KrwAmount } },
      },
      actions: guardedActions('RateTier', { ...writes, bulkDelete: { isVisible: false, isAccessible: false } }),
    },
  };
}
