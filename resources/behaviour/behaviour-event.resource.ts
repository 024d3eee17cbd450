import type { ResourceWithOptions } from 'adminjs';
import { BehaviourEvent } from './behaviour-event.entity.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { enumValues } from '../shared/enum-values.js';
import { eventTypeNames } from '../../engine/definitions/event-type-names.js';

/** Ingested facts: readable, never edited by hand (no role holds create/update/delete). */
export const behaviourEventResource: ResourceWithOptions = {
  resource: BehaviourEvent,
  options: {
    titleProperty: 'eventId',
    navigation: { name: 'crm', icon: 'Activity' },
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['occurredAt', 'customerNo', 'type', 'eventId', 'receivedAt'],
    filterProperties: ['customerNo', 'type', 'occurredAt', 'eventId'],
    properties: {
      properties: { type: 'textarea' },
      // Shown by name (locale labels, admin/locale/sales.locale.ts) instead of raw codes such as card.payment; an unknown type shows its code.
      type: { availableValues: enumValues(Object.keys(eventTypeNames)) },
    },
    actions: guardedActions('BehaviourEvent'),
  },
};
