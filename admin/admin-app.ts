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
import type { Locale, LocaleTranslations } from 'adminjs';
import { locale } from './locale/index.js';
import './components/shell-overrides.js';
import { componentLoader, components } from './components/component-loader.js';
import { dashboardHandler } from './dashboard/dashboard-handler.js';
import { templatePageHandler } from './templates/template-page.js';
import { secureResources } from './access/secure-resources.js';
import { capListCounts } from './access/capped-count.js';

AdminJS.registerAdapter({ Database, Resource });

export const adminRootPath = '/admin';

/** Stylesheets AdminJS cannot bundle (its component bundler takes no CSS); served by admin-server.ts. */
export const staticStyles = { xyflow: `${adminRootPath}/static/xyflow.css`, console: `${adminRootPath}/static/console.css` };
/** Where the console serves its own fonts (Roboto from @fontsource/roboto; Korean falls back to the system's fonts). */
export const staticFonts = `${adminRootPath}/static/fonts`;

/** The bank's name in each language and, when configured, the address of its logo (served by admin-server.ts). */
export interface ConsoleBranding {
  nameKo: string;
  nameEn: string;
  logoUrl?: string;
}

/**
 * Colours of AdminJS's design system that fail WCAG 2.1 AA contrast (4.5:1
 * for text) on the white and light-grey backgrounds they are used on, made
 * darker; focus stays visible through console.css.
 */
const accessibleColors = {
  grey60: '#5F6070', // muted texts, labels: 6.2:1 on white (was #898A9A, 3.4:1)
  grey40: '#6B6C7A', // placeholders, disabled texts, default badges (white text): 5.2:1 on white (was #BBC3CB, 1.8:1)
  primary80: '#2F4ACF', // hovered links and buttons
  primary60: '#3A4FC2', // links and outlined badges
  success: '#00696B',
  successDark: '#005A5C',
  warning: '#8A4313',
  warningDark: '#7A3B10',
  info: '#2A39C0',
  infoDark: '#2A39C0',
  inputBorder: '#6F7080',
};

/** The font stack: the console's own Roboto for Latin text, the system's Korean fonts for Hangul. */
export const fontStack = "Roboto, 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', 'Noto Sans CJK KR', 'Nanum Gothic', sans-serif";

/** The AdminJS instance: resources in navigation order, Korean by default. */
export function createAdmin(services: DomainServices, branding: ConsoleBranding = { nameKo: '은행 CRM', nameEn: 'Bank CRM' }): AdminJS {
  const ds = services.ds;
  const admin = new AdminJS({
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
    locale: withBankName(locale, branding),
    assets: { styles: [staticStyles.xyflow, staticStyles.console] },
    // The Korean name here; adminjs-html.ts puts the page language's name (messages.bankName) into each page.
    branding: {
      companyName: branding.nameKo,
      logo: branding.logoUrl ?? false,
      withMadeWithLove: false,
      // `font` is a plain string in the design system's theme, though ThemeOverride types every key as a record.
      theme: { colors: accessibleColors, font: fontStack } as never,
    },
  });
  // The big append-only tables count at most 10,001 matches per list page (capped-count.ts).
  capListCounts(admin, ['Holding', 'BehaviourEvent', 'AuditLog']);
  return admin;
}

/** The locale with the bank's name in each language (messages.bankName), used for the page title, sidebar and login page. */
function withBankName(base: Locale, branding: ConsoleBranding): Locale {
  const translations = (base.translations ?? {}) as Record<string, LocaleTranslations>;
  const add = (lang: 'ko' | 'en', name: string): LocaleTranslations => ({
    ...translations[lang],
    messages: { ...(translations[lang]?.messages as Record<string, string> | undefined), bankName: name },
  });
  return { ...base, translations: { ...translations, ko: add('ko', branding.nameKo), en: add('en', branding.nameEn) } };
}
