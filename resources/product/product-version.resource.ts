import type { ActionContext, ActionRequest, ActionResponse, ResourceWithOptions } from 'adminjs';
import { ProductVersion } from './product-version.entity.js';
import { versionStatuses, versionStatusLabel, versionStatusLabelEn, type VersionStatus } from './product-attributes.js';
import { currentLanguage } from '../../engine/context/request-context.js';
import { versionMoves, type VersionCommand } from './version-lifecycle.rules.js';
import { guardedActions } from '../../admin/access/admin-actions.js';
import { commandAction, field, serviceWriteActions } from '../../admin/access/domain-actions.js';
import { components } from '../../admin/components/component-loader.js';
import type { AppAction } from '../../admin/access/abilities.js';
import { enumValues } from '../shared/enum-values.js';
import { approvalAction } from './approval-action.js';
import { loadVersionOverview } from './product-overview.query.js';
import { can } from '../../admin/access/admin-actions.js';
import { regions } from '../customer/customer-attributes.js';
import type { DomainServices } from '../domain-services.js';

/** Which CASL verb each lifecycle command needs (approve/reject are the checker's). */
const commandAbility: Record<VersionCommand, AppAction> = {
  submit: 'submit',
  approve: 'approve',
  reject: 'approve',
  publish: 'publish',
  suspend: 'suspend',
  resume: 'publish',
  terminate: 'terminate',
};
const commandIcon: Record<VersionCommand, string> = {
  submit: 'Send',
  approve: 'CheckCircle',
  reject: 'XCircle',
  publish: 'Globe',
  suspend: 'PauseCircle',
  resume: 'PlayCircle',
  terminate: 'StopCircle',
};

/** Product versions: edited only as drafts; every lifecycle step is a server-checked custom action. */
export function productVersionResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({
    create: (payload) => services.catalogue.saveVersion(null, payload),
    update: (id, payload) => services.catalogue.saveVersion(Number(id), payload),
    remove: (id) => services.catalogue.deleteVersion(Number(id)),
  });
  const review = (payload: Record<string, unknown>) => ({
    reviewNo: field(payload, 'reviewNo'),
    reviewValidFrom: field(payload, 'reviewValidFrom'),
    reviewValidTo: field(payload, 'reviewValidTo'),
  });
  // Approving a version approves the disclosure under review with it (its review number and validity come in the same form).
  const facts = async (id: number) => {
    const f = await services.catalogue.approvalFacts(id);
    const d = f?.pendingDisclosure;
    return {
      makers: f?.makers.slice(1) ?? [],
      params: d ? { disclosureUnderReviewId: d.id, disclosureUnderReviewTitle: `${d.title} (r${d.revision})` } : {},
    };
  };
  const commands = Object.fromEntries(
    (Object.keys(versionMoves) as VersionCommand[]).map((cmd) => [
      cmd,
      commandAction({
        subject: 'ProductVersion',
        ability: commandAbility[cmd],
        icon: commandIcon[cmd],
        component: components.TransitionForm,
        variant: cmd === 'terminate' || cmd === 'reject' ? 'danger' : 'primary',
        visibleWhen: (p) => versionMoves[cmd].from.includes(p.status as never),
        run: (id, payload) => services.catalogue.versionCommand(id, cmd, field(payload, 'comment')),
        successMessage: `version_${cmd}_done`,
      }),
    ]),
  );
  for (const cmd of ['approve', 'reject'] as const) {
    commands[cmd] = approvalAction({
      subject: 'ProductVersion',
      icon: commandIcon[cmd],
      component: components.ApprovalForm,
      variant: cmd === 'reject' ? 'danger' : 'primary',
      pendingStatus: 'PENDING_APPROVAL',
      run: (id, payload) => services.catalogue.versionCommand(id, cmd, field(payload, 'comment'), new Date(), review(payload)),
      successMessage: `version_${cmd}_done`,
      facts,
    });
  }
  return {
    resource: ProductVersion,
    options: {
      titleProperty: 'label',
      navigation: { name: 'catalogue', icon: 'Layers' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['label', 'productId', 'versionNo', 'status', 'validFrom', 'validTo', 'authorId', 'approvedBy', 'updatedAt'],
      filterProperties: ['productId', 'status', 'validFrom', 'authorId'],
      editProperties: ['productId', 'validFrom', 'validTo', 'conditions', 'minAge', 'maxAge', 'eligibleGender', 'eligibleRegions'],
      showProperties: [
        'label',
        'productId',
        'versionNo',
        'status',
        'validFrom',
        'validTo',
        'conditions',
        'minAge',
        'maxAge',
        'eligibleGender',
        'eligibleRegions',
        'authorId',
        'lastEditedBy',
        'approvedBy',
        'approvedAt',
        'publishedAt',
        'createdAt',
        'updatedAt',
      ],
      properties: {
        productId: { reference: 'Product', isRequired: true },
        status: { availableValues: enumValues(versionStatuses) },
        validFrom: { type: 'date', isRequired: true, components: { edit: components.DateEdit } },
        validTo: { type: 'date', components: { edit: components.DateEdit } },
        conditions: { type: 'textarea' },
        minAge: { type: 'number' },
        maxAge: { type: 'number' },
        eligibleGender: { availableValues: enumValues(['M', 'F']) },
        eligibleRegions: { components: { edit: components.RegionsEdit }, custom: { regions: [...regions] } },
        authorId: { reference: 'Staff' },
        lastEditedBy: { reference: 'Staff' },
        approvedBy: { reference: 'Staff' },
      },
      actions: guardedActions('ProductVersion', {
        ...writes,
        edit: { ...writes.edit, isVisible: ({ record }) => record?.params.status === 'DRAFT' },
        delete: { ...writes.delete, isVisible: ({ record }) => record?.params.status === 'DRAFT' },
        bulkDelete: { isVisible: false, isAccessible: false },
        // Pickers (holding, rate tier, disclosure forms) show each version's status,
        // so a banker does not pick a version that is not on sale.
        search: {
          after: async (response: ActionResponse) => {
            const labels = currentLanguage() === 'en' ? versionStatusLabelEn : versionStatusLabel;
            for (const r of response.records ?? []) r.title = `${r.title} · ${labels[r.params.status as VersionStatus] ?? r.params.status}`;
            return response;
          },
        },
        ...commands,
        // The version page: its rate table, disclosure and eligibility, with the next setup steps (version-overview.tsx).
        show: { component: components.VersionOverview },
        overview: {
          actionType: 'record',
          component: false,
          isVisible: false,
          isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'ProductVersion'),
          handler: async (_req: ActionRequest, _res: unknown, context: ActionContext) => ({
            record: context.record!.toJSON(context.currentAdmin),
            overview: await loadVersionOverview(services.ds, Number(context.record!.id())),
            grants: {
              addTier: can(context.currentAdmin, 'create', 'RateTier'),
              addDisclosure: can(context.currentAdmin, 'create', 'Disclosure'),
              submit: can(context.currentAdmin, 'submit', 'ProductVersion'),
              approve: can(context.currentAdmin, 'approve', 'ProductVersion'),
            },
          }),
        },
      }),
    },
  };
}
