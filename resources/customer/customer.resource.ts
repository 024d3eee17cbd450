import type { QueryRunner, SelectQueryBuilder } from 'typeorm';
import { BaseRecord, populator, type ActionContext, type ActionRequest, type ActionResponse, type ResourceWithOptions } from 'adminjs';
import { Customer } from './customer.entity.js';
import { customerStatuses, type CustomerStatus } from './customer-status.js';
import { customerRiskGrades, genders, propensities, regions } from './customer-attributes.js';
import { allowedStatusTransitions } from './customer-status-rules.js';
import { applyCustomerFilters, countCap, customerListSorts, describeCustomerQuery, manyMatches, orderCustomerPage, withoutIntersection } from './customer-list.query.js';
import { maskCustomerParams, maskIdentity } from './customer-masking.js';
import { loadCustomer360 } from './customer-360.query.js';
import { can, guardedActions } from '../../admin/access/admin-actions.js';
import { commandAction, field, serviceWriteActions, unwrap } from '../../admin/access/domain-actions.js';
import { loadSaleOptions } from '../holding/sale-options.query.js';
import { seoulDate } from '../shared/write-result.js';
import { components } from '../../admin/components/component-loader.js';
import { writeAudit } from '../audit/audit-writer.js';
import { enumValues } from '../shared/enum-values.js';
import type { DomainServices } from '../domain-services.js';

const PER_PAGE_LIMIT = 100;

/**
 * Customer list for a million rows: index-backed filters (see
 * customer-list.query.ts), keyset-friendly sorts only, and a count that stops
 * at 10,000 instead of AdminJS's COUNT(*) over every match.
 */
function listHandler(services: DomainServices) {
  return async (request: ActionRequest, _res: unknown, context: ActionContext) => {
    const q = request.query ?? {};
    const filters = visibleFilters(
      Object.fromEntries(
        Object.entries(q)
          .filter(([k]) => k.startsWith('filters.'))
          .map(([k, v]) => [k.slice(8), v]),
      ),
      context,
    );
    const perPage = Math.min(Number(q.perPage) || 20, PER_PAGE_LIMIT);
    const page = Math.max(1, Math.min(Number(q.page) || 1, Math.ceil(countCap / perPage)));
    const sortBy = (customerListSorts as readonly string[]).includes(String(q.sortBy)) ? String(q.sortBy) : 'id';
    const direction = q.direction === 'asc' ? 'asc' : 'desc';
    const base = (runner?: QueryRunner) => applyCustomerFilters(services.ds.getRepository(Customer).createQueryBuilder('c', runner), filters, services.cipher);
    const [cappedSql, cappedParams] = base()
      .select('1')
      .limit(countCap + 1)
      .getQueryAndParameters();
    const [{ n }] = await services.ds.query(`SELECT COUNT(*) n FROM (${cappedSql}) t`, cappedParams);
    const fetchPage = (qb: SelectQueryBuilder<Customer>) => orderCustomerPage(qb, sortBy, direction, page, perPage).getMany();
    const matches = Number(n);
    const rows = matches === 0 ? [] : matches < manyMatches ? await fetchPage(base()) : await withoutIntersection(services.ds, (runner) => fetchPage(base(runner)));
    const records = await populator(
      rows.map((r) => new BaseRecord(r as never, context.resource)),
      context,
    );
    await auditAccess(services, 'customer.list', null, `${describeCustomerQuery(filters)}; page ${page}; ${rows.length} shown`);
    return {
      meta: { total: Number(n), perPage, page, direction, sortBy, capped: Number(n) > countCap },
      records: records.map((r) => r.toJSON(context.currentAdmin)),
    };
  };
}

/**
 * A role that sees names masked may not search by name either: trying
 * prefixes one after another would reveal the name the mask hides. Its name
 * filter matches nothing.
 */
function visibleFilters(filters: Record<string, unknown>, context: ActionContext): Record<string, unknown> {
  // Likewise a role that may not read segments learns nothing of their members.
  if (filters.segmentId && !can(context.currentAdmin, 'read', 'Segment')) return { ...filters, segmentId: undefined, matchNothing: true };
  if (!('name' in filters) || can(context.currentAdmin, 'unmask', 'Customer')) return filters;
  return { ...filters, name: undefined, matchNothing: true };
}

/** Reference pickers (e.g. choosing the customer of a holding): customer number or name prefix, 20 rows. */
function searchHandler(services: DomainServices) {
  return async (request: ActionRequest, _res: unknown, context: ActionContext) => {
    const term = String(request.params.query ?? '').trim();
    const filters = visibleFilters(/^[A-Za-z]\d/.test(term) ? { customerNo: term } : term ? { name: term } : {}, context);
    const rows = await applyCustomerFilters(services.ds.getRepository(Customer).createQueryBuilder('c'), filters, services.cipher).orderBy('c.id', 'DESC').limit(20).getMany();
    await auditAccess(services, 'customer.search', null, `${describeCustomerQuery(filters)}; ${rows.length} shown`);
    return { records: rows.map((r) => new BaseRecord(r as never, context.resource).toJSON(context.currentAdmin)) };
  };
}

/**
 * Every look at customers' personal data leaves a row (개인정보 접속기록): who,
 * when, from where (request context), what was searched and how many shown.
 */
function auditAccess(services: DomainServices, action: string, recordId: string | null, detail: string): Promise<void> {
  return writeAudit(services.ds.manager, { action, resource: 'Customer', recordId, detail });
}

/** The 360 page's data: one request, audited as a view of the customer's personal data. */
function profile360Handler(services: DomainServices) {
  return async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
    const record = context.record!;
    const data = await loadCustomer360(services.ds, Number(record.id()));
    if (!data) return { record: record.toJSON(context.currentAdmin) };
    const admin = context.currentAdmin;
    data.profile = maskIdentity(data.profile, admin);
    if (!can(admin, 'read', 'CustomerContact')) data.contacts = [];
    if (!can(admin, 'read', 'Segment')) data.segments = [];
    // null, not []: the page leaves the section out rather than saying "no messages".
    if (!can(admin, 'read', 'Message')) (data as { messages: unknown }).messages = null;
    await writeAudit(services.ds.manager, {
      action: 'customer.view',
      resource: 'Customer',
      recordId: record.id(),
      detail: `360 view of ${data.profile.customerNo} (${can(admin, 'unmask', 'Customer') ? 'name and birth date shown, contacts masked' : 'masked'})`,
    });
    return {
      record: { ...record.toJSON(admin), params: maskCustomerParams(record.params, admin) },
      view: data,
      permissions: {
        unmask: can(admin, 'unmask', 'Customer'),
        changeStatus: can(admin, 'changeStatus', 'Customer'),
        addContact: can(admin, 'create', 'CustomerContact'),
        addHolding: can(admin, 'create', 'Holding'),
        edit: can(admin, 'update', 'Customer'),
      },
    };
  };
}

/**
 * Selling from the 360 page. GET: the sale form's options for this customer
 * (versions on sale, each flagged with the reason the customer may not buy
 * it; branches; the seller's branch; today in Korea), the customer's name
 * masked for the role, audited as a view of the customer's personal data.
 * POST: the sale through HoldingService.open (the customer is this record,
 * whatever the payload says), then back to the 360 page.
 */
function sellHandler(services: DomainServices) {
  return async (request: ActionRequest, _res: unknown, context: ActionContext) => {
    const record = context.record!;
    const admin = context.currentAdmin;
    const json = { ...record.toJSON(admin), params: maskCustomerParams(record.params, admin) };
    if (request.method !== 'post') {
      const options = await loadSaleOptions(services.ds, Number(record.id()), Number(admin?.id) || null, seoulDate(new Date()));
      if (!options) return { record: json };
      options.customer = maskIdentity(options.customer, admin);
      await auditAccess(services, 'customer.view', record.id(), `sale form of ${options.customer.customerNo} (${can(admin, 'unmask', 'Customer') ? 'name shown' : 'masked'})`);
      return { record: { ...json, saleOptions: options } };
    }
    const payload = { ...(request.payload ?? {}), customerId: record.id() };
    delete (payload as Record<string, unknown>).closedOn;
    const holding = unwrap(await services.holdings.open(payload));
    return {
      record: json,
      holdingId: holding.id,
      redirectUrl: context.h.recordActionUrl({ resourceId: 'Customer', recordId: record.id(), actionName: 'show' }),
      notice: { message: 'holdingOpened', type: 'success' as const },
    };
  };
}

/** Clear contact details for one customer: allowed by role, POST only, and written to the audit log. */
function unmaskHandler(services: DomainServices) {
  return async (request: ActionRequest, _res: unknown, context: ActionContext) => {
    const record = context.record!;
    if (request.method !== 'post') return { record: { ...record.toJSON(context.currentAdmin), params: maskCustomerParams(record.params, context.currentAdmin) } };
    const clear = await services.customers.unmask(Number(record.id()));
    return { record: { ...record.toJSON(context.currentAdmin), params: maskCustomerParams(record.params, context.currentAdmin) }, unmasked: clear };
  };
}

export function customerResource(services: DomainServices): ResourceWithOptions {
  const writes = serviceWriteActions({
    create: (payload) => services.customers.create(payload),
    update: (id, payload) => services.customers.update(Number(id), payload),
  });
  return {
    resource: Customer,
    options: {
      titleProperty: 'customerNo',
      navigation: { name: 'crm', icon: 'Users' },
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['customerNo', 'name', 'mobileMasked', 'status', 'region', 'branchCode', 'propensity', 'segmentLabel', 'assignedStaffId'],
      filterProperties: ['customerNo', 'name', 'mobile', 'email', 'status', 'region', 'branchCode', 'propensity', 'riskGrade', 'segmentLabel', 'assignedStaffId', 'segmentId'],
      editProperties: [
        'customerNo',
        'name',
        'nameEn',
        'gender',
        'birthDate',
        'mobile',
        'email',
        'region',
        'branchCode',
        'segmentLabel',
        'propensity',
        'riskGrade',
        'assignedStaffId',
        'consentSms',
        'consentEmail',
        'consentPush',
        'consentNight',
      ],
      showProperties: [
        'customerNo',
        'name',
        'nameEn',
        'gender',
        'birthDate',
        'mobileMasked',
        'emailMasked',
        'status',
        'region',
        'branchCode',
        'segmentLabel',
        'propensity',
        'riskGrade',
        'assignedStaffId',
        'consentSms',
        'consentSmsAt',
        'consentEmail',
        'consentEmailAt',
        'consentPush',
        'consentPushAt',
        'consentNight',
        'consentNightAt',
        'statusChangedAt',
        'withdrawnAt',
        'anonymisedAt',
        'createdAt',
        'updatedAt',
      ],
      properties: {
        id: { isSortable: true },
        customerNo: { isSortable: true },
        name: { isSortable: true, isRequired: true },
        mobile: { type: 'string', isVisible: { list: false, show: false, edit: true, filter: true } },
        email: { type: 'string', isVisible: { list: false, show: false, edit: true, filter: true } },
        mobileMasked: { isSortable: false },
        emailMasked: { isSortable: false },
        status: { availableValues: enumValues(customerStatuses), isSortable: false },
        gender: { availableValues: enumValues(genders) },
        region: { availableValues: enumValues(regions), isSortable: false },
        propensity: { availableValues: enumValues(propensities), isSortable: false },
        riskGrade: { availableValues: enumValues(customerRiskGrades), isSortable: false },
        birthDate: { type: 'date', components: { edit: components.DateEdit } },
        branchCode: { reference: 'Branch', isSortable: false },
        assignedStaffId: { reference: 'Staff', isSortable: false },
        // A filter only (segment picker): the customers currently in a segment (segment_membership), for roles that may read segments.
        segmentId: { type: 'reference', reference: 'Segment', isSortable: false, isVisible: { list: false, show: false, edit: false, filter: true } },
        segmentLabel: { isSortable: false },
        createdAt: { isSortable: false },
        updatedAt: { isSortable: false },
      },
      actions: guardedActions('Customer', {
        list: { handler: listHandler(services) },
        search: { handler: searchHandler(services) },
        // The 360 page carries its own action buttons; AdminJS's header would repeat them.
        show: {
          component: components.Customer360,
          hideActionHeader: true,
          // Masking happens where every record is serialised (admin/access/secure-record-json.ts).
          after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
            const id = context.record?.id();
            if (id) await auditAccess(services, 'customer.show', String(id), `record of ${context.record?.params.customerNo}`);
            return response;
          },
        },
        new: writes.new,
        edit: writes.edit,
        profile360: {
          actionType: 'record',
          component: false,
          isVisible: false,
          isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'read', 'Customer'),
          handler: profile360Handler(services),
        },
        unmask: {
          actionType: 'record',
          icon: 'Eye',
          component: components.PiiReveal,
          isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'unmask', 'Customer'),
          isVisible: ({ record }: ActionContext) => !record?.params.anonymisedAt,
          handler: unmaskHandler(services),
        },
        sell: {
          actionType: 'record',
          icon: 'ShoppingCart',
          component: components.SaleForm,
          // CASL: whoever may open holdings (banker) and read the customer.
          isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, 'create', 'Holding') && can(currentAdmin, 'read', 'Customer'),
          isVisible: ({ record }: ActionContext) => record?.params.status !== 'WITHDRAWN',
          handler: sellHandler(services),
        },
        changeStatus: commandAction({
          subject: 'Customer',
          ability: 'changeStatus',
          icon: 'RefreshCw',
          component: components.TransitionForm,
          visibleWhen: (p) => allowedStatusTransitions[p.status as CustomerStatus]?.length > 0,
          run: (id, payload) => services.customers.changeStatus(id, field(payload, 'status'), field(payload, 'comment'), field(payload, 'confirmWithdrawal')),
          successMessage: 'statusChanged',
          formParams: (p) => ({ ...maskCustomerParams(p, undefined), allowedTargets: (allowedStatusTransitions[p.status as CustomerStatus] ?? []).join(',') }),
        }),
      }),
    },
  };
}
