import type { Action, ActionContext, ActionResponse, CurrentAdmin, ResourceOptions } from 'adminjs';

type ActionOptions = Partial<Action<ActionResponse>>;
import { defineAbilityFor, type AppAction, type AppSubject } from './abilities.js';
import { isStaffRole } from '../../resources/staff/staff-role.js';

/** Which ability each built-in AdminJS action needs. */
export const builtInActionAbility: Record<string, AppAction> = {
  list: 'read',
  show: 'read',
  search: 'read',
  new: 'create',
  edit: 'update',
  delete: 'delete',
  bulkDelete: 'delete',
};

/** The ability check AdminJS runs server-side before every action handler. */
export function can(currentAdmin: CurrentAdmin | undefined, action: AppAction, subject: AppSubject): boolean {
  const role = currentAdmin?.role;
  const id = Number(currentAdmin?.id);
  if (!isStaffRole(role) || !Number.isFinite(id)) return false;
  return defineAbilityFor({ id, role }).can(action, subject);
}

/**
 * `actions` options for a resource with every built-in action guarded by
 * CASL. AdminJS evaluates `isAccessible` on the server for each request (page
 * and API), and hides inaccessible actions in the UI as a consequence.
 */
export function guardedActions(subject: AppSubject, overrides: Record<string, ActionOptions> = {}): ResourceOptions['actions'] {
  const actions: Record<string, ActionOptions> = {};
  for (const [name, ability] of Object.entries(builtInActionAbility)) {
    const own = overrides[name]?.isAccessible;
    actions[name] = {
      ...(overrides[name] ?? {}),
      // An override may narrow access further (false, or its own check); it never widens CASL.
      isAccessible: (context: ActionContext) => can(context.currentAdmin, ability, subject) && (own === undefined || (typeof own === 'function' ? own(context) : own)),
    };
  }
  for (const [name, opts] of Object.entries(overrides)) {
    if (!(name in actions)) actions[name] = opts;
  }
  return actions as ResourceOptions['actions'];
}
