import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { asyncRoute, bodyOf, userOf } from '../http/json-api.js';
import { can } from '../access/admin-actions.js';
import type { AppAction } from '../access/abilities.js';
import type { SegmentOutcome, SegmentService } from '../../resources/segment/segment.service.js';
import type { SegmentOptionsQuery } from '../../resources/segment/segment-options.query.js';
import { maskIdentity } from '../../resources/customer/customer-masking.js';
import { definitionToGraph } from '../../builder/segment/definition-to-graph.js';
import { countDisclosureFor } from '../../resources/segment/count-disclosure-for.js';
import type { Logger } from '../../engine/observability/logger.js';
import { currentLanguage } from '../../engine/context/request-context.js';
import { localise } from '../../resources/shared/bilingual.js';

/** A refusal's text in the request's language (the canvas shows it as it is). */
const say = (ko: string, en: string) => localise(ko, currentLanguage(), en);

/**
 * The segment builder's JSON API, mounted under the console's session
 * (admin-router.ts authenticates first). Every route checks CASL itself;
 * bad input answers 400 with each problem's node or definition path, never
 * a stack trace. Counts are disclosed per role (countDisclosureFor): exact
 * for roles that may unmask customers, guarded for the others, so that a
 * count never reveals a field the role sees masked.
 *
 *   GET  /options               choices for the side panel (read Segment)
 *   GET  /:id                   draft, published version, history (read Segment)
 *   PUT  /:id/draft             save the canvas as draft (update Segment)
 *   POST /preview               live count and sample (read Segment and Customer)
 *   POST /preview/blocks        what each block keeps, counted like the total (read Segment and Customer)
 *   GET  /:id/members           a page of members, masked per role, audited (read Segment and Customer)
 *   POST /:id/publish           publish the next version (publish Segment)
 *   POST /:id/archive           archive (publish Segment)
 */
export function segmentApi(deps: { segments: SegmentService; options: SegmentOptionsQuery; logger: Logger }): Router {
  const { segments, options } = deps;
  const router = express.Router();

  const guard =
    (...needs: Array<[AppAction, 'Segment' | 'Customer']>) =>
    (req: Request, res: Response, next: NextFunction) => {
      const user = userOf(req);
      if (needs.every(([action, subject]) => can(user, action, subject))) return next();
      res.status(403).json({ ok: false, error: say('현재 역할에서는 할 수 없는 작업입니다', 'not allowed for your role') });
    };
  const idOf = (req: Request): number | null => {
    const id = Number(req.params.id);
    return Number.isInteger(id) && id > 0 ? id : null;
  };
  const send = <T extends object>(res: Response, outcome: SegmentOutcome<T>) => {
    if (outcome.ok) return res.json(outcome);
    return res.status(outcome.status).json({ ok: false, errors: outcome.errors });
  };
  const wrap = asyncRoute;

  router.get(
    '/options',
    guard(['read', 'Segment']),
    wrap(async (_req, res) => {
      res.json(await options.load(new Date()));
    }),
  );

  router.post(
    '/preview',
    guard(['read', 'Segment'], ['read', 'Customer']),
    wrap(async (req, res) => {
      const body = bodyOf(req);
      const segmentId = Number(body.segmentId);
      const outcome = await segments.preview(
        { graph: body.graph, definition: body.definition, segmentId: Number.isInteger(segmentId) && segmentId > 0 ? segmentId : null },
        new Date(),
        countDisclosureFor(userOf(req)),
      );
      if (!outcome.ok) return send(res, outcome);
      // Names are masked for every role here: a count preview is no place to read personal data.
      const sample = outcome.sample.map((s) => maskIdentity(s, undefined));
      res.json({ ...outcome, sample });
    }),
  );

  router.post(
    '/preview/blocks',
    guard(['read', 'Segment'], ['read', 'Customer']),
    wrap(async (req, res) => {
      const body = bodyOf(req);
      const segmentId = Number(body.segmentId);
      send(
        res,
        await segments.blockCounts({ graph: body.graph, segmentId: Number.isInteger(segmentId) && segmentId > 0 ? segmentId : null }, new Date(), countDisclosureFor(userOf(req))),
      );
    }),
  );

  router.get(
    '/:id/members',
    guard(['read', 'Segment'], ['read', 'Customer']),
    wrap(async (req, res) => {
      const id = idOf(req);
      if (id === null) return res.status(404).json({ ok: false, error: say('세그먼트가 없습니다', 'no such segment') });
      const user = userOf(req);
      const page = Math.max(1, Math.min(Number(req.query.page) || 1, 100_000));
      const perPage = Math.max(1, Math.min(Number(req.query.perPage) || 20, 100));
      const outcome = await segments.members(id, page, perPage, new Date(), countDisclosureFor(user));
      if (!outcome.ok) return send(res, outcome);
      // Names and birth dates as the customer list shows them to this role (customer-masking.ts).
      res.json({ ...outcome, rows: outcome.rows.map((r) => maskIdentity({ ...r }, user)), unmasked: can(user, 'unmask', 'Customer') });
    }),
  );

  router.get(
    '/:id',
    guard(['read', 'Segment']),
    wrap(async (req, res) => {
      const id = idOf(req);
      const detail = id === null ? null : await segments.detail(id, countDisclosureFor(userOf(req)));
      if (!detail) return res.status(404).json({ ok: false, error: say(`세그먼트 ${req.params.id}이(가) 없습니다`, `segment ${req.params.id} does not exist`) });
      const user = userOf(req);
      const draftGraph = detail.draftGraph ?? (detail.draftDefinition ? definitionToGraph(detail.draftDefinition) : null);
      const publishedGraph = detail.publishedGraph ?? (detail.publishedDefinition ? definitionToGraph(detail.publishedDefinition) : null);
      res.json({
        ...detail,
        draftGraph,
        publishedGraph,
        canEdit: can(user, 'update', 'Segment') && detail.status !== 'ARCHIVED',
        canPublish: can(user, 'publish', 'Segment') && detail.status !== 'ARCHIVED',
        canSeeMembers: can(user, 'read', 'Customer'),
      });
    }),
  );

  router.put(
    '/:id/draft',
    guard(['update', 'Segment']),
    wrap(async (req, res) => {
      const id = idOf(req);
      if (id === null) return res.status(404).json({ ok: false, error: say('세그먼트가 없습니다', 'no such segment') });
      const body = bodyOf(req);
      send(res, await segments.saveDraft(id, { graph: body.graph, definition: body.definition }, new Date()));
    }),
  );

  router.post(
    '/:id/publish',
    guard(['publish', 'Segment']),
    wrap(async (req, res) => {
      const id = idOf(req);
      if (id === null) return res.status(404).json({ ok: false, error: say('세그먼트가 없습니다', 'no such segment') });
      const body = bodyOf(req);
      send(res, await segments.publish(id, { graph: body.graph, definition: body.definition }, new Date(), countDisclosureFor(userOf(req))));
    }),
  );

  router.post(
    '/:id/archive',
    guard(['publish', 'Segment']),
    wrap(async (req, res) => {
      const id = idOf(req);
      if (id === null) return res.status(404).json({ ok: false, error: say('세그먼트가 없습니다', 'no such segment') });
      send(res, await segments.archive(id, new Date()));
    }),
  );

  return router;
}
