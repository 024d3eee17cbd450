import type { ResourceWithOptions } from 'adminjs';
import { z } from 'zod';
import { CustomerContact, contactChannels, contactDirections } from './contact.entity.js';
import { Customer } from '../customer/customer.entity.js';
import { isContactable } from '../customer/customer-status-rules.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { serviceWriteActions } from '../../admin/access/domain-actions.js';
import { fieldErrorsOf } from '../shared/field-errors.js';
import { currentActor } from '../../engine/context/request-context.js';
import { optional, required, wholeNumber } from '../shared/form-fields.js';
import { fail, type WriteResult } from '../shared/write-result.js';
import { enumValues } from '../shared/enum-values.js';
import type { DomainServices } from '../domain-services.js';

const contactInput = z.object({
  customerId: required(wholeNumber('고객', 1, 2 ** 31), '고객을 선택하세요'),
  channel: required(z.enum(contactChannels, '채널 값이 올바르지 않습니다'), '채널을 선택하세요'),
  direction: optional(z.enum(contactDirections, '방향 값이 올바르지 않습니다')),
  contactedAt: optional(z.coerce.date({ error: '연락 일시가 올바르지 않습니다' })),
  note: required(z.string().trim().min(2, '메모는 2자 이상입니다').max(1000, '메모는 1000자 이내입니다'), '메모를 입력하세요'),
});

/**
 * Records a contact by the logged-in staff member. Outbound contact with a
 * withdrawn customer is refused (they are never contacted again); an inbound
 * one (the customer called) may still be logged.
 */
async function logContact(services: DomainServices, payload: Record<string, unknown>, now = new Date()): Promise<WriteResult<CustomerContact>> {
  const parsed = contactInput.safeParse(payload);
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
  const input = parsed.data;
  const customer = await services.ds.getRepository(Customer).findOneBy({ id: input.customerId });
  if (!customer) return fail({ customerId: { message: `고객 ${input.customerId}이(가) 없습니다`, type: 'reference' } });
  const direction = input.direction ?? 'OUTBOUND';
  if (direction === 'OUTBOUND' && !isContactable(customer.status)) {
    return fail({ customerId: { message: `탈퇴한 고객(${customer.customerNo})에게는 연락할 수 없습니다`, type: 'state' } });
  }
  if (input.contactedAt && input.contactedAt > now) return fail({ contactedAt: { message: '연락 일시는 미래일 수 없습니다', type: 'range' } });
  const c = Object.assign(new CustomerContact(), {
    customerId: customer.id,
    staffId: currentActor().id,
    channel: input.channel,
    direction,
    contactedAt: input.contactedAt ?? now,
    note: input.note,
  });
  return { ok: true, entity: await services.ds.transaction((m) => m.save(c)) };
}

export function contactResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({ create: (payload) => logContact(services, payload) });
  return {
    resource: CustomerContact,
    options: {
      titleProperty: 'note',
      navigation: { name: 'crm', icon: 'PhoneCall' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['contactedAt', 'customerId', 'channel', 'direction', 'staffId', 'note'],
      filterProperties: ['customerId', 'staffId', 'channel', 'contactedAt'],
      editProperties: ['customerId', 'channel', 'direction', 'contactedAt', 'note'],
      properties: {
        customerId: { reference: 'Customer', isRequired: true },
        staffId: { reference: 'Staff' },
        channel: { availableValues: enumValues(contactChannels), isRequired: true },
        direction: { availableValues: enumValues(contactDirections) },
        note: { type: 'textarea', isRequired: true },
      },
      // The contact log is a record of what happened: written once, never edited or deleted.
      actions: guardedActions('CustomerContact', {
        ...writes,
        edit: { isAccessible: false, isVisible: false },
        delete: { isAccessible: false, isVisible: false },
        bulkDelete: { isAccessible: false, isVisible: false },
      }),
    },
  };
}
