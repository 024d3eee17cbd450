import express, { type Router } from 'express';
import type { DataSource } from 'typeorm';
import { asyncRoute, casl } from '../http/json-api.js';
import { writeAudit } from '../../resources/audit/audit-writer.js';
import type { LocalGateways } from '../../engine/channels/local-gateways/index.js';
import { defaultSmsLimits } from '../../engine/channels/content/sms-length.js';
import { refusal } from './message-problems.js';

/** How many of each channel the page shows, newest first (the gateways keep up to 1,000). */
export const sentBoxLimit = 200;

const dataCodingNames: Record<number, string> = {
  0x00: 'SMSC default (GSM 03.38)',
  0x01: 'IA5 (ASCII)',
  0x03: 'Latin-1',
  0x04: 'binary',
  0x08: 'UCS-2',
  0x0e: 'KS C 5601 (EUC-KR)',
};

/**
 * 발송함: what the local gateways (engine/channels/local-gateways) received,
 * `GET /api/sent-box`, for admin, marketer and compliance (CASL `SentBox`):
 * in development these are real customers' messages as the gateway got them.
 * Without local gateways the answer says real gateways are configured
 * (`local: false`) and lists nothing. Reading it writes the access log.
 */
export function sentBoxApi(deps: { ds: DataSource; localGateways: LocalGateways | null | undefined }): Router {
  const { ds, localGateways } = deps;
  const router = express.Router();
  const guard = casl('SentBox', () => refusal('forbidden'));

  router.get(
    '/',
    guard('read'),
    asyncRoute(async (req, res) => {
      if (Object.keys(req.query).length) {
        const name = Object.keys(req.query)[0]!.slice(0, 40);
        return res.status(400).json(refusal('unknownParameter', { name, allowed: '-' }, { path: name }));
      }
      if (!localGateways) return res.json({ ok: true, local: false, email: [], sms: [], push: [] });
      const got = localGateways.received();
      const newest = <T extends { receivedAt: Date }>(xs: T[]) => [...xs].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime()).slice(0, sentBoxLimit);
      const email = newest(got.email).map((e) => ({
        messageId: e.messageId ?? null,
        from: e.from,
        to: e.to,
        subject: e.subject ?? null,
        text: e.text ?? null,
        html: e.html ?? null,
        listUnsubscribe: e.headers['list-unsubscribe'] ?? null,
        listUnsubscribePost: e.headers['list-unsubscribe-post'] ?? null,
        receivedAt: e.receivedAt,
      }));
      const sms = newest(got.sms).map((s) => ({
        messageId: s.messageId,
        source: s.source,
        destination: s.destination,
        text: s.text,
        dataCoding: s.dataCoding,
        dataCodingName: dataCodingNames[s.dataCoding] ?? `0x${s.dataCoding.toString(16).padStart(2, '0')}`,
        bytes: s.bytes,
        // A concatenated part is one piece of an LMS; otherwise the bytes decide (90 for an SMS).
        type: s.segment || s.bytes > defaultSmsLimits.smsBytes ? 'LMS' : 'SMS',
        segment: s.segment ?? null,
        receivedAt: s.receivedAt,
      }));
      const push = newest(got.push).map((p) => ({
        name: p.name,
        token: p.token,
        title: p.title ?? null,
        body: p.body ?? null,
        image: p.image ?? null,
        data: p.data ?? null,
        receivedAt: p.receivedAt,
      }));
      await writeAudit(ds.manager, {
        action: 'sentbox.view',
        resource: 'SentBox',
        detail: `local gateways: ${email.length} e-mails, ${sms.length} SMS/LMS, ${push.length} pushes shown`,
      });
      res.json({
        ok: true,
        local: true,
        gateways: { smtp: `${localGateways.smtp.host}:${localGateways.smtp.port}`, smpp: `${localGateways.smpp.host}:${localGateways.smpp.port}`, push: localGateways.push.url },
        email,
        sms,
        push,
      });
    }),
  );
  router.use((_req, res) => res.status(404).json(refusal('notFoundRoute')));
  return router;
}
