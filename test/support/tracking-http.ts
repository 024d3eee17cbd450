import http from 'node:http';
import { createTrackingLinks, type TrackingLinks } from '../../engine/channels/tracking/tracking-links.js';
import { baseUrl, testEnv } from './test-env.js';

/**
 * What the tracking tests share: links signed with the suite platform's tracking key (test-env.ts gives the
 * platform TRACKING_SECRET), and raw HTTP to the platform's public routes (no cookie, no redirect following,
 * a fresh connection each time, the body as bytes for the GIF).
 */
export const platformLinks = (): TrackingLinks => createTrackingLinks({ publicUrl: baseUrl(), secret: testEnv.trackingSecret });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) };
    const req = http.request(`${baseUrl()}${path}`, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString() });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** The path of a platform URL (links carry the public URL). */
export const pathOf = (url: string) => url.slice(baseUrl().length);
