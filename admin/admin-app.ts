import AdminJS from 'adminjs';
import { Database, Resource } from '@adminjs/typeorm';
import { staffResource } from '../resources/staff/staff.resource.js';
import { auditResource } from '../resources/audit/audit.resource.js';
import { customerResource } from '../resources/customer/customer.resource.js';
import { behaviourEventResource } from '../resources/behaviour/behaviour-event.resource.js';
import type { DataSource } from 'typeorm';
import { locale } from './locale/index.js';
import { componentLoader, components } from './components/component-loader.js';
import { dashboardHandler } from './dashboard/dashboard-handler.js';

AdminJS.registerAdapter({ Database, Resource });

export const adminRootPath = '/admin';

/** The AdminJS instance: resources in navigation order, Korean by default. */
export function createAdmin(ds: DataSource): AdminJS {
  return new AdminJS({
    componentLoader,
    dashboard: { component: components.Dashboard, handler: dashboardHandler(ds) },
    rootPath: adminRootPath,
    loginPath: `${adminRootPath}/login`,
    logoutPath: `${adminRootPath}/logout`,
    resources: [customerResource, behaviourEventResource, staffResource, auditResource],
    locale,
    branding: {
      companyName: 'Bank CRM',
      logo: false,
      withMadeWithLove: false,
    },
  });
}
