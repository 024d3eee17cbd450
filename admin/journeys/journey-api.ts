import express, { type Router } from 'express';
import { asyncRoute, bodyOf, casl, sendOutcome, userOf, withPathId } from '../http/json-api.js';
import { can } from '../access/admin-actions.js';
import type { JourneyService } from '../../resources/journey/journey.service.js';
import { apiProblem } from '../../resources/journey/journey-api-problems.js';
import { checkInstancePage, checkVersionParam } from '../../resources/journey/journey-input.js';
import { isJourneyStatus } from '../../resources/journey/journey-lifecycle.rules.js';

/**
 * The journey builder's and journey monitor's JSON API, mounted under the
 * console's session (admin-router.ts authenticates first). Every route
 * checks CASL itself; every refusal is `{ ok: false, problems: [{ code,
 * path?, nodeId?, message: { ko, en } }] }`: 400 for bad input, 404 for an
 * unknown journey or instance, 409 for a lifecycle conflict, 403 for a role
 * without the grant. Never a stack trace (errors go to the error handler,
 * which answers with a reference only).
 *
 *   GET  /                              list (read Journey), ?status=
 *   POST /                              create a draft (create Journey)
 *   POST /validate                      problems of a definition (read Journey)
 *   GET  /:id                           draft, published version, versions, status history (read Journey)
 *   PUT  /:id/draft                     save the draft (update Journey)
 *   DELETE /:id                         delete a never-published draft (delete Journey)
 *   POST /:id/publish                   publish the draft as the next version (publish Journey)
 *   POST /:id/pause | /resume | /archive  lifecycle (publish Journey); archive needs { reason }
 *   GET  /:id/counters?version=N|all    per-block counters (read Journey)
 *   GET  /:id/instances?status=&limit=&before=  instances (read Journey)
 *   GET  /:id/instances/:instanceId     one instance's steps and messages (read Journey)
 */
export function journeyApi(deps: { journeys: JourneyService }): Router {
  const { journeys } = deps;
  const router = express.Router();

  const guard = casl('Journey', () => ({ ok: false, problems: [apiProblem('forbidden')] }));
  const wrap = asyncRoute;
  const send = sendOutcome;
  /** The id of the path, or a 404 answered here. */
  const withId = withPathId((id) => ({ ok: false, problems: [apiProblem('journeyNotFound', { id })] }));

  router.get(
    '/',
    guard('read'),
    wrap(async (req, res) => {
      const status = req.query.status;
      if (status !== undefined && !isJourneyStatus(status)) {
        return res.status(400).json({ ok: false, problems: [apiProblem('statusFilter', { values: 'DRAFT, PUBLISHED, PAUSED, ARCHIVED' }, { path: 'status' })] });
      }
      res.json({ ok: true, journeys: await journeys.list(status) });
    }),
  );

  router.post(
    '/',
    guard('create'),
    wrap(async (req, res) => send(res, await journeys.create(bodyOf(req), new Date()), true)),
  );

  router.post(
    '/validate',
    guard('read'),
    wrap(async (req, res) => send(res, await journeys.validate(bodyOf(req)))),
  );

  router.get(
    '/:id',
    guard('read'),
    withId(async (id, req, res) => {
      const detail = await journeys.detail(id);
      if (!detail) return res.status(404).json({ ok: false, problems: [apiProblem('journeyNotFound', { id })] });
      const user = userOf(req);
      res.json({
        ok: true,
        ...detail,
        canEdit: can(user, 'update', 'Journey') && detail.status !== 'ARCHIVED',
        canPublish: can(user, 'publish', 'Journey') && detail.status !== 'ARCHIVED',
      });
    }),
  );

  router.put(
    '/:id/draft',
    guard('update'),
    withId(async (id, req, res) => send(res, await journeys.saveDraft(id, bodyOf(req), new Date()))),
  );
  router.delete(
    '/:id',
    guard('delete'),
    withId(async (id, _req, res) => send(res, await journeys.remove(id, new Date()))),
  );
  router.post(
    '/:id/publish',
    guard('publish'),
    withId(async (id, _req, res) => send(res, await journeys.publish(id, new Date()))),
  );
  router.post(
    '/:id/pause',
    guard('publish'),
    withId(async (id, req, res) => send(res, await journeys.pause(id, bodyOf(req), new Date()))),
  );
  router.post(
    '/:id/resume',
    guard('publish'),
    withId(async (id, req, res) => send(res, await journeys.resume(id, bodyOf(req), new Date()))),
  );
  router.post(
    '/:id/archive',
    guard('publish'),
    withId(async (id, req, res) => send(res, await journeys.archive(id, bodyOf(req), new Date()))),
  );

  router.get(
    '/:id/counters',
    guard('read'),
    withId(async (id, req, res) => {
      const version = checkVersionParam(req.query.version);
      if (!version.ok) return res.status(400).json({ ok: false, problems: version.problems });
      send(res, await journeys.counters(id, version.value));
    }),
  );

  router.get(
    '/:id/instances',
    guard('read'),
    withId(async (id, req, res) => {
      const page = checkInstancePage(req.query as Record<string, unknown>);
      if (!page.ok) return res.status(400).json({ ok: false, problems: page.problems });
      send(res, await journeys.instances(id, page.value));
    }),
  );

  router.get(
    '/:id/instances/:instanceId',
    guard('read'),
    withId(async (id, req, res) => send(res, await journeys.instance(id, String(req.params.instanceId)))),
  );

  // Anything else under /api/journeys: a JSON 404, not AdminJS's page.
  router.use((_req, res) => res.status(404).json({ ok: false, problems: [apiProblem('notFoundRoute')] }));

  return router;
}
