import type { PageHandler } from 'adminjs';
import type { DataSource } from 'typeorm';
import { can } from '../access/admin-actions.js';
import { loadWorkQueues } from './work-queues.js';

/**
 * The landing page's data (GET /admin/api/dashboard, behind the console
 * login): the work queues the role may act on (work-queues.ts) and figures.
 * Figures on the landing page. Each figure is computed only when the role
 * may read its subject, so the dashboard reveals nothing the navigation hides.
 */
export function dashboardHandler(ds: DataSource): PageHandler {
  return async (_request, _response, context) => {
    const user = context.currentAdmin;
    const stats: Array<{ key: string; value: number }> = [];
    const one = async (sql: string) => Number(((await ds.query(sql)) as Array<{ n: string | number }>)[0]?.n ?? 0);
    if (can(user, 'read', 'Customer')) {
      stats.push({ key: 'activeCustomers', value: await one("SELECT COUNT(*) n FROM customer WHERE status = 'ACTIVE'") });
    }
    if (can(user, 'read', 'BehaviourEvent')) {
      stats.push({ key: 'eventsLast24h', value: await one('SELECT COUNT(*) n FROM behaviour_event WHERE received_at >= UTC_TIMESTAMP(3) - INTERVAL 1 DAY') });
    }
    if (can(user, 'read', 'Staff')) {
      stats.push({ key: 'activeStaff', value: await one('SELECT COUNT(*) n FROM staff WHERE active = 1') });
    }
    if (can(user, 'read', 'AuditLog')) {
      stats.push({
        key: 'failedLoginsLast24h',
        value: await one("SELECT COUNT(*) n FROM audit_log WHERE action = 'login.failure' AND occurred_at >= UTC_TIMESTAMP(3) - INTERVAL 1 DAY"),
      });
    }
    return { queues: await loadWorkQueues(ds, user), stats };
  };
}
