import express, { type Request, type Response, type Router } from 'express';
import type { DataSource } from 'typeorm';
import type { CurrentAdmin } from 'adminjs';
import { asyncRoute, userOf } from '../http/json-api.js';
import { can } from '../access/admin-actions.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import { maskIdentity } from '../../resources/customer/customer-masking.js';
import { loadCustomerMessages } from '../../resources/customer/customer-360.query.js';
import { listMessages, maxMessagePage, messageChannels, messageDetail, messageStatuses, type MessageFilter } from './message.query.js';
import { refusal } from './message-problems.js';

/**
 * What was sent to customers, and why: the console's JSON API under the
 * session (admin-router.ts authenticates first). Read only. Every route
 * checks CASL server-side (Message, and Customer for anything naming a
 * customer); names are masked per role exactly as the customer list masks
 * them (maskIdentity); every answer that shows a customer writes the access
 * log (개인정보 접속기록). Refusals are `{ ok: false, problems: [{ code,
 * path?, message: { ko, en } }] }`: 400 bad id or parameter, 403 no grant,
 * 404 unknown message or customer. Never a stack trace.
 *
 *   GET /api/messages?status=&channel=&journeyId=&customerId=&page=   newest first, 50 a page, 200 pages at most
 *   GET /api/messages/:id                                             the message and why it was (not) sent
 *   GET /api/customers/:id/messages                                   one customer's latest 50 (the 360 page)
 */
const idPattern = /^[1-9][0-9]{0,17}$/;
const intPattern = /^[1-9][0-9]{0,9}$/;
const listParameters = ['status', 'channel', 'journeyId', 'customerId', 'page'];

type Guarded = (req: Request, res: Response) => Promise<unknown>;

/** 403 unless the staff member may read messages and customers (messages name customers). */
const readGuard =
  (fn: Guarded): Guarded =>
  async (req, res) => {
    const user = userOf(req);
    if (!can(user, 'read', 'Message') || !can(user, 'read', 'Customer')) return res.status(403).json(refusal('forbidden'));
    return fn(req, res);
  };

const seesIdentity = (user: CurrentAdmin | undefined) => can(user, 'unmask', 'Customer');
const shown = (user: CurrentAdmin | undefined) => (seesIdentity(user) ? 'name shown' : 'name masked');
const masked = <T extends Record<string, unknown>>(row: T, user: CurrentAdmin | undefined): T => maskIdentity(row, user);

/** The list's filter, or the first problem with the query string. */
function parseFilter(query: Request['query']): { ok: true; filter: MessageFilter } | { ok: false; body: ReturnType<typeof refusal> } {
  for (const name of Object.keys(query)) {
    if (!listParameters.includes(name))
      return { ok: false, body: refusal('unknownParameter', { name: name.slice(0, 40), allowed: listParameters.join(', ') }, { path: name.slice(0, 40) }) };
  }
  const filter: MessageFilter = { page: 1 };
  const { status, channel, journeyId, customerId, page } = query;
  if (status !== undefined && status !== '') {
    if (typeof status !== 'string' || !(messageStatuses as readonly string[]).includes(status))
      return { ok: false, body: refusal('statusFilter', { values: messageStatuses.join(', ') }, { path: 'status' }) };
    filter.status = status as MessageFilter['status'];
  }
  if (channel !== undefined && channel !== '') {
    if (typeof channel !== 'string' || !(messageChannels as readonly string[]).includes(channel))
      return { ok: false, body: refusal('channelFilter', { values: messageChannels.join(', ') }, { path: 'channel' }) };
    filter.channel = channel as MessageFilter['channel'];
  }
  for (const [name, value] of [
    ['journeyId', journeyId],
    ['customerId', customerId],
  ] as const) {
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !intPattern.test(value) || Number(value) > 4294967295) return { ok: false, body: refusal('idFilter', { name }, { path: name }) };
    filter[name] = Number(value);
  }
  if (page !== undefined && page !== '') {
    if (typeof page !== 'string' || !/^[1-9][0-9]{0,3}$/.test(page) || Number(page) > maxMessagePage)
      return { ok: false, body: refusal('pageFilter', { max: maxMessagePage }, { path: 'page' }) };
    filter.page = Number(page);
  }
  return { ok: true, filter };
}

export function messageApi(deps: { ds: DataSource }): Router {
  const { ds } = deps;
  const router = express.Router();

  router.get(
    '/',
    asyncRoute(
      readGuard(async (req, res) => {
        const parsed = parseFilter(req.query);
        if (!parsed.ok) return res.status(400).json(parsed.body);
        const user = userOf(req);
        const page = await listMessages(ds, parsed.filter);
        const customers = [...new Set(page.messages.map((m) => String(m.customerId)))];
        if (customers.length) {
          const f = parsed.filter;
          const criteria = [
            f.status && `status=${f.status}`,
            f.channel && `channel=${f.channel}`,
            f.journeyId && `journeyId=${f.journeyId}`,
            f.customerId && `customerId=${f.customerId}`,
            `page=${f.page}`,
          ]
            .filter(Boolean)
            .join(' ');
          await writeAudit(ds.manager, {
            action: 'message.list',
            resource: 'Customer',
            recordId: customers.length === 1 ? customers[0] : null,
            detail: `${page.messages.length} messages of ${customers.length} customers (${shown(user)}; ${criteria}): ${customers.join(',')}`,
          });
        }
        res.json({ ok: true, ...page, messages: page.messages.map((m) => masked(m, user)) });
      }),
    ),
  );

  router.get(
    '/:id',
    asyncRoute(
      readGuard(async (req, res) => {
        const raw = String(req.params.id);
        if (!idPattern.test(raw)) return res.status(400).json(refusal('messageIdInvalid', { id: raw.slice(0, 40) }, { path: 'id' }));
        const detail = await messageDetail(ds, Number(raw));
        if (!detail) return res.status(404).json(refusal('messageNotFound', { id: raw }));
        const user = userOf(req);
        await writeAudit(ds.manager, {
          action: 'message.view',
          resource: 'Customer',
          recordId: String(detail.customerId),
          detail: `message ${detail.id} of customer ${String(detail.customerNo ?? detail.customerId)} (${shown(user)}, recipient masked)`,
        });
        res.json({ ok: true, message: masked(detail, user) });
      }),
    ),
  );

  router.use((_req, res) => res.status(404).json(refusal('notFoundRoute')));
  return router;
}

/** `/api/customers/:id/messages`: one customer's messages (the 360 page's section). */
export function customerMessagesApi(deps: { ds: DataSource }): Router {
  const { ds } = deps;
  const router = express.Router();
  router.get(
    '/:id/messages',
    asyncRoute(
      readGuard(async (req, res) => {
        const raw = String(req.params.id);
        if (!intPattern.test(raw) || Number(raw) > 4294967295) return res.status(400).json(refusal('customerIdInvalid', { id: raw.slice(0, 40) }, { path: 'id' }));
        const [customer]: Array<{ id: number; customerNo: string; name: string }> = await ds.query('SELECT id, customer_no customerNo, name FROM customer WHERE id = ?', [
          Number(raw),
        ]);
        if (!customer) return res.status(404).json(refusal('customerNotFound', { id: raw }));
        const user = userOf(req);
        const messages = await loadCustomerMessages(ds, customer.id, 50);
        await writeAudit(ds.manager, {
          action: 'customer.messages',
          resource: 'Customer',
          recordId: String(customer.id),
          detail: `${messages.length} messages of ${customer.customerNo} (${shown(user)})`,
        });
        res.json({ ok: true, customer: masked({ id: customer.id, customerNo: customer.customerNo, name: customer.name }, user), messages });
      }),
    ),
  );
  router.use((_req, res) => res.status(404).json(refusal('notFoundRoute')));
  return router;
}
