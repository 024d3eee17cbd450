import type { ResourceWithOptions } from 'adminjs';
import { Disclosure } from './disclosure.entity.js';
import { disclosureStatuses } from '../product/product-attributes.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { commandAction, field, serviceWriteActions } from '../../admin/access/domain-actions.js';
import { components } from '../../admin/components/component-loader.js';
import { enumValues } from '../shared/enum-values.js';
import type { DomainServices } from '../domain-services.js';
import { approvalAction } from '../product/approval-action.js';

/** Disclosure texts: product managers write and submit, compliance approves with a review number. */
export function disclosureResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({
    create: (payload) => services.disclosures.save(null, payload),
    update: (id, payload) => services.disclosures.save(Number(id), payload),
  });
  const review = (payload: Record<string, unknown>) => ({
    reviewNo: field(payload, 'reviewNo'),
    reviewValidFrom: field(payload, 'reviewValidFrom'),
    reviewValidTo: field(payload, 'reviewValidTo'),
  });
  return {
    resource: Disclosure,
    options: {
      titleProperty: 'title',
      navigation: { name: 'catalogue', icon: 'FileText' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['productVersionId', 'revision', 'title', 'status', 'reviewNo', 'reviewValidTo', 'authorId', 'updatedAt'],
      filterProperties: ['productVersionId', 'status', 'reviewNo', 'title'],
      editProperties: ['productVersionId', 'title', 'body'],
      showProperties: [
        'productVersionId',
        'revision',
        'title',
        'body',
        'status',
        'reviewNo',
        'reviewValidFrom',
        'reviewValidTo',
        'basedOnId',
        'authorId',
        'lastEditedBy',
        'approvedBy',
        'approvedAt',
        'createdAt',
        'updatedAt',
      ],
      properties: {
        productVersionId: { reference: 'ProductVersion', isRequired: true },
        body: { type: 'textarea', isRequired: true },
        title: { isRequired: true },
        status: { availableValues: enumValues(disclosureStatuses) },
        reviewValidFrom: { type: 'date' },
        reviewValidTo: { type: 'date' },
        basedOnId: { reference: 'Disclosure' },
        authorId: { reference: 'Staff' },
        lastEditedBy: { reference: 'Staff' },
        approvedBy: { reference: 'Staff' },
      },
      actions: guardedActions('Disclosure', {
        ...writes,
        // Editing an approved text is allowed: the service turns it into a new draft revision.
        edit: { ...writes.edit, isVisible: ({ record }) => record?.params.status === 'DRAFT' || record?.params.status === 'APPROVED' },
        delete: { isVisible: false, isAccessible: false },
        bulkDelete: { isVisible: false, isAccessible: false },
        submit: commandAction({
          subject: 'Disclosure',
          ability: 'submit',
          icon: 'Send',
          component: components.TransitionForm,
          visibleWhen: (p) => p.status === 'DRAFT',
          run: (id, payload) => services.disclosures.command(id, 'submit', {}, field(payload, 'comment')),
          successMessage: 'disclosure_submit_done',
        }),
        approve: approvalAction({
          subject: 'Disclosure',
          icon: 'CheckCircle',
          component: components.ApprovalForm,
          pendingStatus: 'PENDING_REVIEW',
          run: (id, payload) => services.disclosures.command(id, 'approve', review(payload), field(payload, 'comment')),
          successMessage: 'disclosure_approve_done',
        }),
        reject: approvalAction({
          subject: 'Disclosure',
          icon: 'XCircle',
          variant: 'danger',
          component: components.ApprovalForm,
          pendingStatus: 'PENDING_REVIEW',
          run: (id, payload) => services.disclosures.command(id, 'reject', {}, field(payload, 'comment')),
          successMessage: 'disclosure_reject_done',
        }),
      }),
    },
  };
}
