import { ValidationError, type ActionRequest, type ActionContext, type ActionResponse, type ResourceOptions, type ResourceWithOptions } from 'adminjs';
import { Staff } from './staff.entity.js';
import { staffRoles } from './staff-role.js';
import { hashPassword, passwordProblem } from './password.util.js';
import { enumValues } from '../shared/enum-values.js';
import { can, guardedActions } from '../../admin/access/admin-actions.js';

/**
 * Turns the form's clear-text `password` into `passwordHash` before AdminJS
 * saves, and normalises the e-mail. A new account must have a password.
 */
async function preparePassword(request: ActionRequest, context: ActionContext): Promise<ActionRequest> {
  if (request.method !== 'post' || !request.payload) return request;
  const { password, ...rest } = request.payload as Record<string, unknown>;
  const isNew = context.action.name === 'new';
  const errors: Record<string, { message: string }> = {};
  if (typeof rest.email === 'string') rest.email = rest.email.trim().toLowerCase();
  if (typeof rest.email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(rest.email)) {
    errors.email = { message: 'invalidEmail' };
  }
  if (typeof password === 'string' && password.length > 0) {
    const problem = passwordProblem(password);
    if (problem) errors.password = { message: `weakPassword` };
    else rest.passwordHash = await hashPassword(password);
  } else if (isNew) {
    errors.password = { message: 'passwordRequired' };
  }
  // An admin cannot lock themselves out by demoting or deactivating their own account.
  if (!isNew && String(context.record?.id()) === String(context.currentAdmin?.id)) {
    if (rest.role !== undefined && rest.role !== 'admin') errors.role = { message: 'cannotChangeOwnRole' };
    if (rest.active === false || rest.active === 'false') errors.active = { message: 'cannotDeactivateSelf' };
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ...request, payload: rest };
}

function refuseSelfDelete(request: ActionRequest, context: ActionContext): ActionRequest {
  const me = String(context.currentAdmin?.id);
  const targets = context.records ?? (context.record ? [context.record] : []);
  if (targets.some((r) => String(r.id()) === me)) {
    throw new ValidationError({}, { message: 'cannotDeleteSelf' });
  }
  return request;
}

/**
 * The list API accepts `filters.<property>` for any property, hidden or not;
 * a LIKE filter on the hash would let a reader recover it piece by piece.
 */
function dropSecretFilters(request: ActionRequest): ActionRequest {
  const query = Object.fromEntries(Object.entries(request.query ?? {}).filter(([k]) => !/^filters\.password/i.test(k)));
  return { ...request, query };
}

/**
 * The staff picker (e.g. a customer's assigned banker): open to whoever may
 * read staff or maintain customers, and answering with names only, so a
 * banker choosing a colleague learns nothing else about the accounts.
 */
const staffPickerSearch = {
  isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'Staff') || can(currentAdmin, 'update', 'Customer'),
  before: dropSecretFilters,
  after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
    if (can(context.currentAdmin, 'read', 'Staff')) return response;
    for (const r of response.records ?? []) r.params = { id: r.params.id, email: r.params.email, displayName: r.params.displayName };
    return response;
  },
};

export const staffResource: ResourceWithOptions = {
  resource: Staff,
  options: {
    titleProperty: 'email',
    navigation: { name: 'system', icon: 'Settings' },
    listProperties: ['id', 'email', 'displayName', 'role', 'branchCode', 'active', 'lastLoginAt'],
    showProperties: ['id', 'email', 'displayName', 'role', 'branchCode', 'active', 'lastLoginAt', 'createdAt', 'updatedAt'],
    editProperties: ['email', 'displayName', 'role', 'branchCode', 'active', 'password'],
    filterProperties: ['email', 'displayName', 'role', 'branchCode', 'active'],
    sort: { sortBy: 'id', direction: 'asc' },
    properties: {
      passwordHash: { isVisible: false },
      password: { type: 'password', isVisible: { list: false, show: false, filter: false, edit: true } },
      role: { availableValues: enumValues(staffRoles) },
      lastLoginAt: { isVisible: { list: true, show: true, filter: false, edit: false } },
    },
    actions: {
      ...guardedActions('Staff', {
        new: { before: preparePassword },
        edit: { before: preparePassword },
        delete: { before: refuseSelfDelete },
        bulkDelete: { before: refuseSelfDelete },
        list: { before: dropSecretFilters },
      }),
      search: staffPickerSearch,
    } as ResourceOptions['actions'],
  },
};
