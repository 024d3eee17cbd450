import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { startChannelHarness, type ChannelHarness } from './support/channel-harness.js';

/**
 * "Check before submit, record the gateway's id": a channel worker process is
 * SIGKILLed right after the gateway accepted a message and before it could
 * write SENT. A worker started afterwards finds the stale claim and applies
 * the channel's policy, so the customer does not get the SMS twice (it is
 * FAILED `unknown-outcome` for review), and the e-mail goes again with the
 * same Message-ID (the receiving side drops the duplicate).
 */
let h: ChannelHarness;

beforeAll(async () => {
  h = await startChannelHarness({}, { claimTimeoutMs: 1500 }, { workers: false });
});

afterAll(async () => {
  await h?.close();
});

function startWorkerProcess(): Promise<ChildProcess> {
  mkdirSync('test-results', { recursive: true });
  const out = createWriteStream(`test-results/channel-worker-${h.prefix}.log`, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/channel-worker-process.ts'], {
    env: {
      ...process.env,
      CRASH_DB_NAME: h.dbName,
      CRASH_REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      CRASH_QUEUE_PREFIX: h.prefix,
      CRASH_SMPP_URL: h.endpoints.smpp.url,
      CRASH_SMTP_URL: h.endpoints.smtp.url,
      CRASH_CLOCK: String(h.now().getTime()),
      CRASH_TRACKING_URL: h.trackingUrl,
      NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('channel worker process not ready in 60 s')), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('channels ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`channel worker process exited early (${code ?? signal})`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<string | null>((resolve) => (child.exitCode !== null || child.signalCode ? resolve(child.signalCode) : child.once('exit', (_c, s) => resolve(s))));

test('killed between the gateway accepting and the worker recording: after restart the SMS is not sent again (FAILED unknown-outcome, for review), the e-mail goes again with the same Message-ID', async () => {
  const c = await h.customer();
  const sms = await h.template({ channel: 'sms', kind: 'informational', definition: { text: '{{ customer.name }} 고객님, 만기 안내입니다.' } });
  const mail = await h.template({
    channel: 'email',
    kind: 'informational',
    definition: { subject: '만기 안내', html: '<p>{{ customer.name }} 고객님</p>', text: '{{ customer.name }} 고객님' },
  });
  const smsTo = () => h.gw.received().sms.filter((s) => s.destination === c.mobile);
  const mailTo = () => h.gw.received().email.filter((m) => m.to.includes(c.email));

  // One worker process per message, each killed the moment its gateway accepted.
  let child = await startWorkerProcess();
  const smsId = await h.queueMessage(c, 'sms', sms);
  expect(await exited(child)).toBe('SIGKILL');
  child = await startWorkerProcess();
  const mailId = await h.queueMessage(c, 'email', mail);
  expect(await exited(child)).toBe('SIGKILL');
  // The gateways have them, the rows do not know: SENDING without the gateway's id.
  expect(smsTo()).toHaveLength(1);
  expect(mailTo()).toHaveLength(1);
  expect(await h.message(smsId)).toMatchObject({ status: 'SENDING', provider_message_id: null });
  expect(await h.message(mailId)).toMatchObject({ status: 'SENDING', provider_message_id: null });

  // A worker starts again; once the claims are older than the claim timeout, the sweep settles them.
  await h.restartChannels();
  await waitFor(
    async () => (await h.channels.deliverer.ledger.findAmbiguous(1000)).filter((a) => a.messageId === smsId || a.messageId === mailId).length === 2,
    'the claims to go stale',
  );
  await h.channels.workers.sweep();
  expect(await h.waitStatus(smsId, ['FAILED', 'SENT', 'DELIVERED'])).toMatchObject({ status: 'FAILED', status_reason: 'unknown-outcome' });
  const m = await h.waitStatus(mailId, ['SENT', 'FAILED']);
  expect(m.status).toBe('SENT');
  expect(smsTo()).toHaveLength(1);
  const mails = mailTo();
  expect(mails).toHaveLength(2);
  expect(new Set(mails.map((x) => x.messageId)).size).toBe(1);
  expect(m.provider_message_id).toBe(mails[0]!.messageId);
  const events = await h.ds.query("SELECT type FROM domain_event WHERE type LIKE 'message.%' AND JSON_VALUE(body, '$.payload.messageId') = ? ORDER BY id", [smsId]);
  expect(events.map((e: { type: string }) => e.type)).toEqual(['message.failed']);
});

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
