import type { RequestHandler } from 'express';
import { httpDuration } from '../../engine/observability/metrics.js';

/** Coarse route groups keep label cardinality bounded (no ids in labels). */
export function routeGroup(path: string): string {
  if (path.startsWith('/admin/frontend/assets')) return 'admin_assets';
  if (path.startsWith('/admin/api/')) return 'admin_api';
  if (path.startsWith('/admin/login')) return 'admin_login';
  if (path.startsWith('/admin')) return 'admin_page';
  if (['/healthz', '/readyz', '/metrics'].includes(path)) return path.slice(1);
  return 'other';
}

export const requestTiming: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => end({ method: req.method, route: routeGroup(req.originalUrl.split('?')[0] ?? ''), status: String(res.statusCode) }));
  next();
};
