import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/**
 * Custom React components bundled by AdminJS. Paths are absolute so that
 * resolution does not depend on AdminJS's caller detection under tsx or Jest.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const componentLoader = new ComponentLoader();

export const components = {
  Dashboard: componentLoader.add('Dashboard', path.join(here, 'dashboard')),
  TransitionForm: componentLoader.add('TransitionForm', path.join(here, 'transition-form')),
  Customer360: componentLoader.add('Customer360', path.join(here, 'customer-360')),
  PiiReveal: componentLoader.add('PiiReveal', path.join(here, 'pii-reveal')),
  ProductOverview: componentLoader.add('ProductOverview', path.join(here, 'product-overview')),
  DateEdit: componentLoader.add('DateEdit', path.join(here, 'date-edit')),
  SaleForm: componentLoader.add('SaleForm', path.join(here, 'sale-form')),
  SegmentCanvas: componentLoader.add('SegmentCanvas', path.join(here, 'segment-canvas')),
  TemplateEditor: componentLoader.add('TemplateEditor', path.join(here, 'template-editor')),
  MessagesPage: componentLoader.add('MessagesPage', path.join(here, 'message-list')),
  SentBox: componentLoader.add('SentBox', path.join(here, 'sent-box')),
  SegmentMembers: componentLoader.add('SegmentMembers', path.join(here, 'segment-members')),
  ApprovalForm: componentLoader.add('ApprovalForm', path.join(here, 'approval-form')),
  VersionOverview: componentLoader.add('VersionOverview', path.join(here, 'version-setup-overview')),
  RatePercent: componentLoader.add('RatePercent', path.join(here, 'rate-percent')),
  KrwAmount: componentLoader.add('KrwAmount', path.join(here, 'krw-amount')),
  RegionsEdit: componentLoader.add('RegionsEdit', path.join(here, 'version-setup-regions')),
};

// AdminJS's own top bar, wrapped to remember the language chosen in it (top-bar.tsx).
componentLoader.override('TopBar', path.join(here, 'top-bar'));
// AdminJS's user menu, with a logout that POSTs (logged-in.tsx); GET /admin/logout no longer logs out.
componentLoader.override('LoggedIn', path.join(here, 'logged-in'));
