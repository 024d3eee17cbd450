import { ForbiddenError, type Action, type ActionContext, type ActionRequest, type ActionResponse, type After, type Before, type ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { can } from './admin-actions.js';
import { checkActionQuery } from './action-query.rules.js';
import { BadRequestError } from './bad-request.error.js';
import { buildExposurePolicies } from './exposure-policies.js';
import { policyFor, secureRecordJson } from './secure-record-json.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';

type ActionOptions = Partial<Action<ActionResponse>>;
const builtIn = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'];

/**
 * The security layer every AdminJS resource passes through, whatever its own
 * options say:
 *
 * 1. authorisation first: AdminJS runs `before` hooks before it checks
 *    `isAccessible`, so a hook of a forbidden action could answer (e.g. a
 *    validation error carrying the record). The first hook now refuses;
 * 2. the query is checked against the role's allow-lists of filterable,
 *    sortable and searchable properties (secrets are never on them), and bad
 *    paging numbers are refused with a 400 that names the parameter;
 * 3. every record leaves through the exposure policies (secure-record-json.ts);
 * 4. references to personal data shown in a response (a holding's customer)
 *    are written to the access log like the resource's own list.
 */
export function secureResources(ds: DataSource, resources: ResourceWithOptions[]): ResourceWithOptions[] {
  secureRecordJson(buildExposurePolicies(ds, resources));
  return resources.map(({ resource, options }) => {
    const actions: Record<string, ActionOptions> = { ...((options.actions ?? {}) as Record<string, ActionOptions>) };
    for (const name of builtIn) actions[name] ??= {};
    for (const [name, action] of Object.entries(actions)) actions[name] = guardHooks(action, logReferencesShown(ds));
    return { resource, options: { ...options, actions } };
  });
}

/**
 * One action's hooks in the secure order: authorisation, then the query
 * check, then the resource's own `before` hooks; its own `after` hooks, then
 * `lastAfter` (the access log of references shown).
 */
export function guardHooks(action: ActionOptions, lastAfter: After<ActionResponse>): ActionOptions {
  return {
    ...action,
    before: [authoriseFirst, checkQuery, ...asList<Before>(action.before)],
    after: [...asList<After<ActionResponse>>(action.after), lastAfter],
  };
}

const asList = <T>(hook: T | T[] | undefined): T[] => (hook === undefined ? [] : Array.isArray(hook) ? hook : [hook]);

function authoriseFirst(request: ActionRequest, context: ActionContext): ActionRequest {
  const { action, currentAdmin, record, records } = context;
  const allowed = records ? records.every((r) => action.isAccessible(currentAdmin, r)) : action.isAccessible(currentAdmin, record);
  if (!allowed) throw new ForbiddenError('forbiddenError');
  return request;
}

function checkQuery(request: ActionRequest, context: ActionContext): ActionRequest {
  const resourceId = context.resource.id();
  const policy = policyFor(resourceId);
  const none = new Set<string>();
  const admin = context.currentAdmin;
  const problem = checkActionQuery(request.query, {
    resource: resourceId,
    filterable: policy?.filterable(admin) ?? none,
    sortable: policy?.sortable(admin) ?? none,
    searchable: policy?.searchable(admin) ?? none,
  });
  if (problem) throw new BadRequestError(problem.parameter, problem.message);
  return request;
}

/**
 * Populated references to a personal-data resource (customers) in a
 * response: one access-log row per response with the ids shown, as the
 * customer list writes for its own rows (개인정보 접속기록).
 */
function logReferencesShown(ds: DataSource) {
  return async (response: ActionResponse, _request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
    const properties = Object.values(context.resource.decorate().properties);
    const shown = new Map<string, Set<string>>();
    const records = [...(response.records ?? []), ...(response.record ? [response.record] : [])] as Array<{ populated?: Record<string, { id?: string } | undefined> }>;
    for (const property of properties) {
      const target = property.reference()?.id();
      if (!target || !policyFor(target)?.personalData) continue;
      for (const r of records) {
        const id = r.populated?.[property.name()]?.id;
        if (id === undefined || id === null) continue;
        if (!shown.has(target)) shown.set(target, new Set());
        shown.get(target)!.add(String(id));
      }
    }
    for (const [target, ids] of shown) {
      const policy = policyFor(target)!;
      const fields = can(context.currentAdmin, 'read', policy.subject) ? [policy.titleProperty, ...policy.referenceFields] : [policy.titleProperty];
      await writeAudit(ds.manager, {
        action: `${target.charAt(0).toLowerCase()}${target.slice(1)}.reference`,
        resource: target,
        recordId: ids.size === 1 ? [...ids][0] : null,
        detail: `${ids.size} shown as references in ${context.resource.id()}.${context.action.name} (${fields.join(', ')}): ${[...ids].join(',')}`,
      });
    }
    return response;
  };
}
