import AdminJS from 'adminjs';
import { Database, Resource } from '@adminjs/typeorm';
import { staffResource } from '../resources/staff/staff.resource.js';
import { auditResource } from '../resources/audit/audit.resource.js';
import { customerResource } from '../resources/customer/customer.resource.js';
import { behaviourEventResource } from '../resources/behaviour/behaviour-event.resource.js';
import { contactResource } from '../resources/contact/contact.resource.js';
import { holdingResource } from '../resources/holding/holding.resource.js';
import { productResource } from '../resources/product/product.resource.js';
import { productVersionResource } from '../resources/product/product-version.resource.js';
import { rateTierResource } from '../resources/product/rate-tier.resource.js';
import { disclosureResource } from '../resources/disclosure/disclosure.resource.js';
import { branchResource } from '../resources/branch/branch.resource.js';
import { segmentResource } from '../resources/segment/segment.resource.js';
import { segmentVersionResource } from '../resources/segment/segment-version.resource.js';
import type { DomainServices } from '../resources/domain-services.js';
import { locale } from './locale/index.js';
import { componentLoader, components } from './components/component-loader.js';
import { dashboardHandler } from './dashboard/dashboard-handler.js';
import { templatePageHandler } from './templates/template-page.js';
import { secureResources } from './access/secure-resources.js';

AdminJS.registerAdapter({ Database, Resource });

export const adminRootPath = '/admin';

/** Stylesheets AdminJS cannot bundle (its component bundler takes no CSS); served by admin-server.ts. */
export const staticStyles = { xyflow: `${adminRootPath}/static/xyflow.css` };

/** The AdminJS instance: resources in navigation order, Korean by default. */
export function createAdmin(services: DomainServices): AdminJS {
  const ds = services.ds;
  return new AdminJS({
    componentLoader,
    dashboard: { component: components.Dashboard, handler: dashboardHandler(ds) },
    pages: {
      // 메시지 템플릿: the template editor over /admin/api/templates (admin/templates/README.md).
      templates: { component: components.TemplateEditor, handler: templatePageHandler(), icon: 'MessageSquare' },
      // 메시지: what was sent and why; one message's page is ?id= (admin/messages/README.md).
      messages: { component: components.MessagesPage, icon: 'Send' },
      // 발송함: what the local gateways received (admin, marketer, compliance; the API checks).
      sentBox: { component: components.SentBox, icon: 'Inbox' },
    },
    rootPath: adminRootPath,
    loginPath: `${adminRootPath}/login`,
    logoutPath: `${adminRootPath}/logout`,
    // Every resource passes the same authorisation, query allow-lists, masking and access logging.
    resources: secureResources(ds, [
      customerResource(services),
      holdingResource(services),
      contactResource(services),
      behaviourEventResource,
      productResource(services),
      productVersionResource(services),
      rateTierResource(services),
      disclosureResource(services),
      segmentResource(services),
      segmentVersionResource,
      staffResource,
      branchResource,
      auditResource,
    ]),
    locale,
    assets: { styles: [staticStyles.xyflow] },
    branding: {
      companyName: 'Bank CRM',
      logo: false,
      withMadeWithLove: false,
    },
  });
}
