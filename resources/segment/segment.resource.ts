import { BaseRecord, type ActionContext, type ActionRequest, type ResourceWithOptions } from 'adminjs';
import { Segment, segmentStatuses } from './segment.entity.js';
import { can, guardedActions } from '../../admin/access/admin-actions.js';
import { commandAction, serviceWriteActions, unwrap } from '../../admin/access/domain-actions.js';
import { components } from '../../admin/components/component-loader.js';
import type { DomainServices } from '../domain-services.js';
import { enumValues } from '../shared/enum-values.js';
import type { WriteResult } from '../shared/write-result.js';
import { withCoarsenedCounts } from './coarsened-counts.hook.js';
import { isSegmentProblemCode, renderSegmentProblem, type ProblemText } from '../../engine/definitions/segment/segment-problems.js';

/**
 * Segments in the console: the list with status, version and audience size;
 * `new` asks for a name and opens the canvas (`design`, builder/segment);
 * archive and recompute are lifecycle actions. The canvas talks to the JSON
 * API in admin/segments/segment-api.ts.
 */
export function segmentResource(services: DomainServices): ResourceWithOptions {
  const segments = services.segments;
  const writes = serviceWriteActions({
    update: (id, payload) => segments.saveSegment(Number(id), payload),
    remove: (id) => segments.removeSegment(Number(id)),
  });
  const asWrite = async (id: number, run: () => Promise<{ ok: boolean; errors?: ProblemText[] }>): Promise<WriteResult<object>> => {
    const r = await run();
    if (r.ok) return { ok: true, entity: (await services.ds.getRepository(Segment).findOneByOrFail({ id })) as object };
    // Both languages: unwrap() shows the one of the request (problems carry their code; the message is the English).
    const problems = r.errors ?? [];
    const korean = problems.map((e) => (isSegmentProblemCode(e.code) ? renderSegmentProblem(e.code, e.params, 'ko') : e.message)).join('; ');
    return { ok: false, errors: {}, message: korean, messageEn: problems.map((e) => e.message).join('; ') };
  };
  return {
    resource: Segment,
    options: {
      titleProperty: 'name',
      navigation: { name: 'marketing', icon: 'Target' },
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      listProperties: ['name', 'status', 'publishedVersion', 'memberCount', 'refreshedAt', 'updatedAt'],
      filterProperties: ['name', 'status'],
      showProperties: ['name', 'description', 'status', 'publishedVersion', 'memberCount', 'refreshedAt', 'draftUpdatedAt', 'createdBy', 'createdAt', 'updatedAt'],
      editProperties: ['name', 'description'],
      properties: {
        status: { availableValues: enumValues(segmentStatuses) },
        // Coarsened below SEGMENT_MIN_AUDIENCE for roles that see customers masked; sorting by it would tell 0 from 1 again.
        memberCount: { isSortable: false },
        description: { type: 'textarea' },
        draftGraph: { isVisible: false },
        draftDefinition: { isVisible: false },
        publishedVersionId: { isVisible: false },
        draftUpdatedBy: { isVisible: false },
        createdBy: { reference: 'Staff', isVisible: { list: false, show: true, edit: false, filter: false } },
      },
      actions: guardedActions(
        'Segment',
        withCoarsenedCounts(
          {
            list: {},
            show: {},
            search: {},
            ...writes,
            new: {
              // After naming the segment the marketer lands on the canvas.
              handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
                if (request.method !== 'post') return {};
                const saved = unwrap(await segments.saveSegment(null, request.payload ?? {}));
                return {
                  record: new BaseRecord(saved as unknown as Record<string, unknown>, context.resource).toJSON(context.currentAdmin),
                  redirectUrl: context.h.recordActionUrl({ resourceId: 'Segment', recordId: String(saved.id), actionName: 'design' }),
                  notice: { message: 'successfullyCreated', type: 'success' },
                };
              },
            },
            bulkDelete: { isVisible: false, isAccessible: false },
            design: {
              actionType: 'record',
              icon: 'Share2',
              component: components.SegmentCanvas,
              showInDrawer: false,
              hideActionHeader: true,
              isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'Segment'),
              handler: async (_req: ActionRequest, _res: unknown, context: ActionContext) => ({ record: context.record!.toJSON(context.currentAdmin) }),
            },
            // The members of the published version, a page at a time (admin/segments/segment-api.ts masks and audits).
            members: {
              actionType: 'record',
              icon: 'Users',
              component: components.SegmentMembers,
              showInDrawer: false,
              isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'Segment') && can(currentAdmin, 'read', 'Customer'),
              handler: async (_req: ActionRequest, _res: unknown, context: ActionContext) => ({ record: context.record!.toJSON(context.currentAdmin) }),
            },
            recompute: commandAction({
              subject: 'Segment',
              ability: 'publish',
              icon: 'RefreshCw',
              component: components.TransitionForm,
              visibleWhen: (p) => p.status === 'PUBLISHED',
              run: (id) =>
                asWrite(id, async () => {
                  await segments.refreshWithDependents(id, 'REFRESH', new Date());
                  return { ok: true };
                }),
              successMessage: 'segment_recomputed',
            }),
            archive: commandAction({
              subject: 'Segment',
              ability: 'publish',
              icon: 'Archive',
              component: components.TransitionForm,
              variant: 'danger',
              visibleWhen: (p) => p.status !== 'ARCHIVED',
              run: (id) => asWrite(id, () => segments.archive(id, new Date())),
              successMessage: 'segment_archived',
            }),
          },
          'memberCount',
        ),
      ),
    },
  };
}
