import AdminJS from 'adminjs';
import { Database, Resource } from '@adminjs/typeorm';
import { staffResource } from '../resources/staff/staff.resource.js';
import { auditResource } from '../resources/audit/audit.resource.js';
import { customerResource } from '../resources/customer/customer.resource.js';
import { behaviourEventResource } from '../resources/behaviour/behaviour-event.resource.js';
import { locale } from './locale/index.js';

AdminJS.registerAdapter({ Database, Resource });

export const adminRootPath = '/admin';

/** The AdminJS instance: resources in navigation order, Korean by default. */
export function createAdmin(): AdminJS {
  return new AdminJS({
    rootPath: adminRootPath,
    loginPath: `${adminRootPath}/login`,
    logoutPath: `${adminRootPath}/logout`,
    resources: [customerResource, behaviourEventResource, staffResource, auditResource],
    locale,
    branding: {
      companyName: 'Bank CRM',
      withMadeWithLove: false,
    },
  });
}
