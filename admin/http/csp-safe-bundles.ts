import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { Router as AdminRouter } from 'adminjs';

/**
 * AdminJS's prebuilt browser bundles (app, global, design system) find the
 * global object with webpack's old shim, `new Function("return this")()`.
 * A Content-Security-Policy without 'unsafe-eval' refuses it — and reports
 * a violation even though the bundle catches the error. They are served
 * here with that expression replaced by `globalThis` (the same object), read
 * once at start; the console then needs no eval. Bundles without the shim
 * are left to AdminJS's own routes.
 */
export function withoutEvalShims(js: string): string {
  return js.replace(/(?:new )?Function\("return this"\)\(\)/g, 'globalThis');
}

/**
 * AdminJS picks its development bundles (unminified, React's development
 * build: 26 MB together) whenever NODE_ENV is not 'production' — also in the
 * test and demo runs, where bench:pages measured seconds of script parsing on
 * every page. The production builds (2 MB) ship in the same package and
 * behave the same, so they are served in every environment.
 */
export function productionBuildOf(src: string): string {
  const production = src.replace(/([.-])development\.js$/, '$1production.js');
  return production !== src && existsSync(production) ? production : src;
}

export function cspSafeBundles(): Router {
  const router = express.Router();
  for (const asset of AdminRouter.assets.filter((a) => a.path.endsWith('.js'))) {
    const src = productionBuildOf(asset.src);
    const source = readFileSync(src, 'utf8');
    const patched = withoutEvalShims(source);
    if (patched === source && src === asset.src) continue;
    // Computed once: Express would otherwise hash megabytes on every request.
    const etag = `"${createHash('sha256').update(patched).digest('base64url').slice(0, 27)}"`;
    router.get(asset.path, (_req, res) => {
      res.type('application/javascript').set({ ETag: etag, 'Cache-Control': 'public, max-age=0' }).send(patched);
    });
  }
  return router;
}
