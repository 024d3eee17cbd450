import type { PageHandler } from 'adminjs';
import { can } from '../access/admin-actions.js';

/** What the template page may offer the signed-in staff member; the API decides again on every request. */
export interface TemplatePageGrants {
  read: boolean;
  create: boolean;
  submit: boolean;
  approve: boolean;
  retire: boolean;
  /** The staff member's id, to tell "written by you" in the list. */
  staffId: number | null;
}

/**
 * The 메시지 템플릿 page's handler (GET /admin/api/pages/templates): the
 * staff member's grants on MessageTemplate, so the page shows only the
 * buttons the role has. Nothing else: templates come from the JSON API
 * (admin/templates/template-api.ts), which checks CASL on every call.
 */
export function templatePageHandler(): PageHandler {
  return async (_request, _response, context) => {
    const user = context.currentAdmin;
    const grants: TemplatePageGrants = {
      read: can(user, 'read', 'MessageTemplate'),
      create: can(user, 'create', 'MessageTemplate'),
      submit: can(user, 'submit', 'MessageTemplate'),
      approve: can(user, 'approve', 'MessageTemplate'),
      retire: can(user, 'terminate', 'MessageTemplate'),
      staffId: user?.id !== undefined && user.id !== null && /^\d+$/.test(String(user.id)) ? Number(user.id) : null,
    };
    return grants;
  };
}
