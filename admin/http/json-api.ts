import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { CurrentAdmin } from 'adminjs';
import { can } from '../access/admin-actions.js';
import type { AppAction, AppSubject } from '../access/abilities.js';

/**
 * What every JSON API under the console's session shares (journeys,
 * templates, service tokens, segments): the parsed body, the signed-in
 * staff member, async routes whose errors reach the error handler (which
 * answers without a stack), a CASL guard, and the answer of a service
 * outcome `{ ok: true, ... } | { ok: false, status, problems }`.
 */
export type JsonBody = Record<string, unknown>;

/** The body our parsers left on the request (admin/http/body-parsers.ts). */
export const bodyOf = (req: Request): JsonBody => ((req as Request & { fields?: JsonBody }).fields ?? {}) as JsonBody;

export const userOf = (req: Request) => req.session.adminUser as CurrentAdmin | undefined;

/** An async route whose rejection goes to `next` (the error handler), never unhandled. */
export const asyncRoute =
  (fn: (req: Request, res: Response) => Promise<unknown>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

/** 403 with `forbidden()` as the body unless the staff member may do `action` on `subject` (CASL, server-side). */
export const casl =
  (subject: AppSubject, forbidden: () => unknown) =>
  (action: AppAction): RequestHandler =>
  (req, res, next) => {
    if (can(userOf(req), action, subject)) return next();
    res.status(403).json(forbidden());
  };

/** A service's answer: its data on success, or an HTTP status and coded problems. */
export type ProblemsOutcome = { ok: true } | { ok: false; status: number; problems: readonly unknown[] };

/** Answers a service outcome: 200 (or 201 when `created`) with it, or its status with its problems. */
export function sendOutcome(res: Response, outcome: ProblemsOutcome, created = false) {
  if (outcome.ok) return res.status(created ? 201 : 200).json(outcome);
  return res.status(outcome.status).json({ ok: false, problems: outcome.problems });
}

/**
 * A route on `/:id` whose id is an INT UNSIGNED; anything else answers 404
 * with `notFound(raw)` (at most 40 characters of what was asked) here.
 */
export const withPathId =
  (notFound: (raw: string) => unknown) =>
  (fn: (id: number, req: Request, res: Response) => Promise<unknown>): RequestHandler =>
    asyncRoute(async (req, res) => {
      const raw = String(req.params.id);
      const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : null;
      if (id === null || id > 4294967295) return res.status(404).json(notFound(raw.slice(0, 40)));
      return fn(id, req, res);
    });
