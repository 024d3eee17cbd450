import express, { type Router } from 'express';
import { asyncRoute, bodyOf, casl, sendOutcome, userOf, withPathId } from '../http/json-api.js';
import { can } from '../access/admin-actions.js';
import type { AppAction } from '../access/abilities.js';
import { defaultTemplateSender, type TemplateService } from '../../resources/template/template.service.js';
import { fromTemplateProblem, templateApiProblem } from '../../resources/template/template-api-problems.js';
import { isTemplateStatus, templateStatuses, type TemplateCommand } from '../../resources/template/template-lifecycle.rules.js';
import { previewTemplate, smsBytes, type LegalSender } from '../../engine/channels/content/index.js';
import { maxRecommendations, recommendationFields, templateVariables } from '../../engine/definitions/template/template-variables.js';

/** The variable catalogue as the editor lists it (engine/definitions/template/template-variables.ts). */
export function variableCatalogue() {
  return {
    variables: Object.entries(templateVariables).map(([path, v]) => ({ path, ko: v.ko, en: v.en, channels: [...v.channels] })),
    recommendations: {
      max: maxRecommendations,
      fields: Object.entries(recommendationFields).map(([field, v]) => ({ field, ko: v.ko, en: v.en })),
    },
  };
}

/** The sample customer of the editor's live check: no real customer's data, a plausible name. */
const sampleContext = (sender: LegalSender) => ({
  customer: { name: '홍길동' },
  bank: sender,
  recommendations: [{ name: '(예시) 정기예금', rateText: '연 3.50% (세전)', url: 'https://bank.example/p/sample' }],
  message: { unsubscribeUrl: 'https://bank.example/unsubscribe/sample' },
});

/**
 * Message templates' JSON API, under the console's session (admin-router.ts
 * authenticates first). Every route checks CASL (subject MessageTemplate);
 * every refusal is `{ ok: false, problems: [{ code, path?, line?, column?,
 * message: { ko, en } }] }`: 400 bad input, 403 no grant, 404 unknown
 * template or customer, 409 a lifecycle conflict. Never a stack trace.
 *
 *   GET  /                 list (read), ?status=
 *   POST /                 create a draft { name, definition } (create)
 *   POST /validate         problems of { definition } (read)
 *   GET  /:id              one revision with its lineage (read)
 *   PUT  /:id              edit { definition }: a draft in place, an approved revision as the next draft (update)
 *   POST /:id/submit       ask for review (submit)
 *   POST /:id/approve      { reviewNumber, validFrom, validUntil } (approve)
 *   POST /:id/reject       { reason } (approve)
 *   POST /:id/retire       (terminate)
 *   POST /:id/preview      { customerId }: rendered for a real customer, name masked per role (read)
 *   GET  /variables        the variable catalogue a template may use (read)
 *   POST /check            { definition }: /validate's answer plus the message a sample customer
 *                          would get, legal marking included (read; the editor's live check)
 */
export function templateApi(deps: { templates: TemplateService; sender?: LegalSender }): Router {
  const { templates } = deps;
  // The sender the service marks with (the configured bank), unless given here.
  const sender = deps.sender ?? (templates as unknown as { sender?: LegalSender }).sender ?? defaultTemplateSender;
  const router = express.Router();

  const guard = casl('MessageTemplate', () => ({ ok: false, problems: [templateApiProblem('forbidden')] }));
  const wrap = asyncRoute;
  const send = sendOutcome;
  /** The id of the path, or a 404 answered here. */
  const withId = withPathId((id) => ({ ok: false, problems: [templateApiProblem('templateNotFound', { id })] }));

  router.get(
    '/',
    guard('read'),
    wrap(async (req, res) => {
      const status = req.query.status;
      if (status !== undefined && !isTemplateStatus(status)) {
        return res.status(400).json({ ok: false, problems: [templateApiProblem('statusFilter', { values: templateStatuses.join(', ') }, { path: 'status' })] });
      }
      res.json({ ok: true, templates: await templates.list(status) });
    }),
  );
  router.post(
    '/',
    guard('create'),
    wrap(async (req, res) => send(res, await templates.create(bodyOf(req), new Date()), true)),
  );
  router.post(
    '/validate',
    guard('read'),
    wrap(async (req, res) => {
      const checked = await templates.validate(bodyOf(req));
      // The compiled definition is for /check; /validate answers as before.
      if (checked.ok) {
        const { definition: _compiled, ...answer } = checked;
        return send(res, answer);
      }
      return send(res, checked);
    }),
  );
  router.get('/variables', guard('read'), (_req, res) => {
    res.json({ ok: true, ...variableCatalogue() });
  });
  router.post(
    '/check',
    guard('read'),
    wrap(async (req, res) => {
      const body = bodyOf(req);
      const validated = await templates.validate(body);
      if (!validated.ok) return send(res, validated);
      const { definition: compiled, ...checked } = validated;
      const context = sampleContext(sender);
      const rendered = previewTemplate(compiled, context).rendered ?? null;
      // A failed render's problems in both languages, like every other problem of this API.
      const shown = rendered?.status === 'failed' ? { status: 'failed' as const, problems: rendered.problems.map(fromTemplateProblem) } : rendered;
      // What the platform's marking adds to an SMS ("(광고)" + sender, the 080 line), in bytes.
      const def = body.definition as { channel?: unknown; text?: unknown };
      const markingBytes =
        checked.smsLengths && def.channel === 'sms' && typeof def.text === 'string' ? Math.max(0, checked.smsLengths.asWritten.bytes - smsBytes(def.text.trim()).bytes) : undefined;
      res.json({ ...checked, sample: { customerName: context.customer.name, rendered: shown, ...(markingBytes !== undefined ? { markingBytes } : {}) } });
    }),
  );
  router.get(
    '/:id',
    guard('read'),
    withId(async (id, req, res) => {
      const detail = await templates.detail(id);
      if (!detail) return res.status(404).json({ ok: false, problems: [templateApiProblem('templateNotFound', { id })] });
      const user = userOf(req);
      res.json({
        ok: true,
        ...detail,
        canEdit: can(user, 'update', 'MessageTemplate') && ['DRAFT', 'REJECTED', 'APPROVED'].includes(detail.status),
        canSubmit: can(user, 'submit', 'MessageTemplate') && detail.status === 'DRAFT',
        canReview: can(user, 'approve', 'MessageTemplate') && detail.status === 'PENDING',
        canRetire: can(user, 'terminate', 'MessageTemplate') && detail.status === 'APPROVED',
      });
    }),
  );
  router.put(
    '/:id',
    guard('update'),
    withId(async (id, req, res) => send(res, await templates.update(id, bodyOf(req), new Date()))),
  );

  const commands: Array<[TemplateCommand, AppAction]> = [
    ['submit', 'submit'],
    ['approve', 'approve'],
    ['reject', 'approve'],
    ['retire', 'terminate'],
  ];
  for (const [command, action] of commands) {
    router.post(
      `/:id/${command}`,
      guard(action),
      withId(async (id, req, res) => send(res, await templates.command(id, command, bodyOf(req), new Date()))),
    );
  }
  router.post(
    '/:id/preview',
    guard('read'),
    withId(async (id, req, res) => send(res, await templates.preview(id, bodyOf(req), userOf(req), new Date()))),
  );

  // Anything else under /api/templates: a JSON 404, not AdminJS's page.
  router.use((_req, res) => res.status(404).json({ ok: false, problems: [templateApiProblem('notFoundRoute')] }));

  return router;
}
