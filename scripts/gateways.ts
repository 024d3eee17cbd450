/**
 * Starts the local protocol servers (SMTP, SMPP, FCM-shaped push) in the foreground until Ctrl-C,
 * on fixed ports, and prints what a client needs to reach them. For manual use and demos.
 *
 *   npm run gateways
 *   npm run gateways -- --smtp-port 2525 --smpp-port 2775 --push-port 8089
 */
import { parseArgs } from 'node:util';
import { startLocalGateways } from '../engine/channels/local-gateways/index.js';

const { values } = parseArgs({
  options: {
    'smtp-port': { type: 'string', default: '2525' },
    'smpp-port': { type: 'string', default: '2775' },
    'push-port': { type: 'string', default: '8089' },
  },
});

const gateways = await startLocalGateways({
  smtp: { port: Number(values['smtp-port']) },
  smpp: { port: Number(values['smpp-port']), receiptDelayMs: 1000 },
  push: { port: Number(values['push-port']) },
});

console.log(`SMTP  smtp://${gateways.smtp.host}:${gateways.smtp.port}  (no auth, no STARTTLS)`);
console.log(`SMPP  ${gateways.smpp.host}:${gateways.smpp.port}  system_id=${gateways.smpp.systemId} password=${gateways.smpp.password}`);
console.log(`Push  POST ${gateways.push.url}/v1/projects/<project>/messages:send  Authorization: Bearer ${gateways.push.token}`);

// Print each message as it arrives, so a newcomer sees it land (the records are the same objects on every read).
const printed = new WeakSet<object>();
const fresh = <T extends object>(items: T[]) => items.filter((m) => !printed.has(m) && printed.add(m));
const poll = setInterval(() => {
  const { email, sms, push } = gateways.received();
  for (const m of fresh(email)) console.log(`[email] ${m.from.join(',')} -> ${m.to.join(',')}: ${m.subject ?? ''}`);
  for (const m of fresh(sms)) console.log(`[sms] ${m.source} -> ${m.destination} (dcs 0x${m.dataCoding.toString(16)}, ${m.bytes} B): ${m.text}`);
  for (const m of fresh(push)) console.log(`[push] ${m.token}: ${m.title ?? ''} / ${m.body ?? ''}`);
}, 500);

const shutdown = () => {
  clearInterval(poll);
  gateways.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
