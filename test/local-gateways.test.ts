/**
 * The local protocol servers, driven by real clients: nodemailer over SMTP, an `smpp` client session,
 * and fetch against the FCM v1 shaped push receiver. Nothing here needs the platform.
 */
import nodemailer from 'nodemailer';
import smpp from 'smpp';
import { encodeEucKr, startLocalGateways, startSmtpSink, type LocalGateways } from '../engine/channels/local-gateways/index.js';

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connect(gw: LocalGateways): Promise<smpp.Session> {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ host: gw.smpp.host, port: gw.smpp.port }, () => resolve(session));
    session.once('error', reject);
  });
}

function call(session: smpp.Session, command: keyof smpp.Session & string, options: Record<string, unknown> = {}): Promise<smpp.PDU> {
  return new Promise((resolve, reject) => {
    const send = session[command] as smpp.Command;
    if (!send.call(session, options, resolve)) reject(new Error(`${command}: socket not writable`));
  });
}

const closed = (session: smpp.Session) => new Promise<void>((resolve) => (session.socket.destroyed ? resolve() : session.once('close', () => resolve())));

async function bind(gw: LocalGateways, command: 'bind_transceiver' | 'bind_transmitter' = 'bind_transceiver', password = gw.smpp.password) {
  const session = await connect(gw);
  const resp = await call(session, command, { system_id: gw.smpp.systemId, password });
  return { session, resp };
}

describe('local gateways', () => {
  let gw: LocalGateways;
  const open: smpp.Session[] = [];

  beforeAll(async () => {
    gw = await startLocalGateways({ smpp: { receiptDelayMs: 20 }, push: { token: 'test-bearer' } });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => (s.destroy(), closed(s))));
    gw.servers.smsc.setDead(false);
    gw.servers.smsc.setMaxSubmitsPerSecond(undefined);
    gw.servers.smsc.setFailureRate(0);
    gw.clear();
  });
  afterAll(async () => {
    await gw.stop();
  });

  describe('SMTP', () => {
    it('records an e-mail sent by a pooled nodemailer transport, Korean subject and List-Unsubscribe intact', async () => {
      const transport = nodemailer.createTransport({ host: gw.smtp.host, port: gw.smtp.port, secure: false, pool: true, ignoreTLS: true });
      try {
        const subject = '[광고] 3월 정기적금 특판 안내 — 연 4.5%';
        const unsubscribe = '<mailto:unsubscribe@bank.example?subject=unsubscribe>, <https://bank.example/u/abc123>';
        const info = await transport.sendMail({
          from: '한빛은행 <news@bank.example>',
          to: 'customer@example.com',
          bcc: 'audit@bank.example',
          subject,
          text: '고객님, 안녕하세요.',
          html: '<p>고객님, 안녕하세요.</p>',
          headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        const [mail] = await waitFor(() => gw.received().email.length === 1 && gw.received().email, 'the e-mail');
        expect(mail).toMatchObject({
          messageId: info.messageId,
          from: ['news@bank.example'],
          to: ['customer@example.com', 'audit@bank.example'],
          subject,
          text: '고객님, 안녕하세요.',
          html: '<p>고객님, 안녕하세요.</p>',
          headers: { 'list-unsubscribe': unsubscribe, 'list-unsubscribe-post': 'List-Unsubscribe=One-Click', 'message-id': info.messageId },
        });
        expect(mail.receivedAt).toBeInstanceOf(Date);
      } finally {
        transport.close();
      }
    });

    it('refuses a message over the size limit with 552', async () => {
      const sink = await startSmtpSink({ maxMessageBytes: 2000 });
      const transport = nodemailer.createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });
      try {
        await expect(transport.sendMail({ from: 'a@bank.example', to: 'b@example.com', subject: 'big', text: 'x'.repeat(10_000) })).rejects.toMatchObject({ responseCode: 552 });
        expect(sink.received()).toEqual([]);
      } finally {
        transport.close();
        await sink.stop();
      }
    });
  });

  describe('SMPP', () => {
    it('binds as transceiver, decodes EUC-KR (0x0E) and UCS-2 (0x08) submits, and sends delivery receipts', async () => {
      const { session, resp } = await bind(gw);
      open.push(session);
      expect(resp.command_status).toBe(0);
      const receipts: smpp.PDU[] = [];
      session.on('deliver_sm', (pdu: smpp.PDU) => {
        receipts.push(pdu);
        session.send(pdu.response());
      });

      const eucKr = encodeEucKr('안녕하세요');
      expect(eucKr.length).toBe(10);
      const r1 = await call(session, 'submit_sm', {
        source_addr: '15881234',
        destination_addr: '01012345678',
        data_coding: 0x0e,
        short_message: eucKr,
        registered_delivery: 1,
      });
      const r2 = await call(session, 'submit_sm', {
        source_addr: '15881234',
        destination_addr: '01098765432',
        data_coding: 0x08,
        short_message: '안녕하세요 고객님',
        registered_delivery: 1,
      });
      expect([r1.command_status, r2.command_status]).toEqual([0, 0]);
      expect(r1.message_id).toMatch(/\S/);
      expect(r2.message_id).not.toBe(r1.message_id);

      expect(gw.received().sms).toMatchObject([
        { messageId: r1.message_id, source: '15881234', destination: '01012345678', text: '안녕하세요', dataCoding: 0x0e, bytes: 10, esmClass: 0 },
        { messageId: r2.message_id, source: '15881234', destination: '01098765432', text: '안녕하세요 고객님', dataCoding: 0x08, bytes: 18 },
      ]);

      await waitFor(() => receipts.length === 2, 'two delivery receipts');
      for (const [receipt, resp] of [
        [receipts.find((p) => p.receipted_message_id === r1.message_id), r1],
        [receipts.find((p) => p.receipted_message_id === r2.message_id), r2],
      ] as const) {
        expect(receipt).toBeDefined();
        expect(receipt!.esm_class).toBe(0x04);
        const text = (receipt!.short_message as smpp.DecodedMessage).message as string;
        expect(text).toMatch(new RegExp(`^id:${resp.message_id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:`));
        expect(receipt!.message_state).toBe(smpp.consts.MESSAGE_STATE.DELIVERED);
      }
      expect(receipts[0].source_addr).toMatch(/^010/);
      expect(receipts[0].destination_addr).toBe('15881234');
    });

    it('takes a long Korean message in message_payload and GSM default text in short_message', async () => {
      const { session } = await bind(gw, 'bind_transmitter');
      open.push(session);
      const long = '고객님의 정기적금이 만기되었습니다. '.repeat(10);
      const r1 = await call(session, 'submit_sm', { source_addr: '1588', destination_addr: '01011112222', data_coding: 0x0e, message_payload: encodeEucKr(long) });
      const r2 = await call(session, 'submit_sm', { source_addr: '1588', destination_addr: '01011112222', data_coding: 0x00, short_message: 'Your code is 123456' });
      expect([r1.command_status, r2.command_status]).toEqual([0, 0]);
      expect(gw.received().sms).toMatchObject([
        { text: long, dataCoding: 0x0e, bytes: encodeEucKr(long).length },
        { text: 'Your code is 123456', dataCoding: 0x00, bytes: 19 },
      ]);
      expect(encodeEucKr(long).length).toBeGreaterThan(140);
    });

    it('records each part of a concatenated (UDH) message with its reference and position', async () => {
      const { session } = await bind(gw, 'bind_transmitter');
      open.push(session);
      const parts = ['첫 번째 부분입니다. ', '두 번째 부분입니다.'];
      for (const [i, part] of parts.entries()) {
        const udh = Buffer.from([0x05, 0x00, 0x03, 0x2a, parts.length, i + 1]);
        const r = await call(session, 'submit_sm', { destination_addr: '01012345678', data_coding: 0x08, short_message: { udh, message: part } });
        expect(r.command_status).toBe(0);
      }
      expect(gw.received().sms).toMatchObject([
        { text: parts[0], bytes: parts[0].length * 2, esmClass: 0x40, segment: { ref: 0x2a, total: 2, seq: 1 } },
        { text: parts[1], bytes: parts[1].length * 2, esmClass: 0x40, segment: { ref: 0x2a, total: 2, seq: 2 } },
      ]);
    });

    it('refuses a wrong password with ESME_RBINDFAIL and submits before a bind with ESME_RINVBNDSTS', async () => {
      const { session, resp } = await bind(gw, 'bind_transceiver', 'wrong');
      open.push(session);
      expect(resp.command_status).toBe(smpp.errors.ESME_RBINDFAIL);
      const submit = await call(session, 'submit_sm', { destination_addr: '01012345678', short_message: 'hi' });
      expect(submit.command_status).toBe(smpp.errors.ESME_RINVBNDSTS);
      expect(gw.received().sms).toEqual([]);
    });

    it('answers ESME_RTHROTTLED past the per-second submit limit', async () => {
      gw.servers.smsc.setMaxSubmitsPerSecond(3);
      const { session } = await bind(gw);
      open.push(session);
      const statuses = await Promise.all(Array.from({ length: 5 }, (_, i) => call(session, 'submit_sm', { destination_addr: '01012345678', short_message: `msg ${i}` }))).then(
        (r) => r.map((p) => p.command_status),
      );
      expect(statuses.filter((s) => s === 0)).toHaveLength(3);
      expect(statuses.filter((s) => s === smpp.errors.ESME_RTHROTTLED)).toHaveLength(2);
      expect(smpp.errors.ESME_RTHROTTLED).toBe(0x58);
      expect(gw.received().sms).toHaveLength(3);
    });

    it('reports UNDELIV receipts at a failure rate of 1', async () => {
      gw.servers.smsc.setFailureRate(1);
      const { session } = await bind(gw);
      open.push(session);
      const receipts: smpp.PDU[] = [];
      session.on('deliver_sm', (pdu: smpp.PDU) => (receipts.push(pdu), session.send(pdu.response())));
      const r = await call(session, 'submit_sm', { destination_addr: '01012345678', short_message: 'hi', registered_delivery: 1 });
      await waitFor(() => receipts.length === 1, 'the receipt');
      expect((receipts[0].short_message as smpp.DecodedMessage).message).toMatch(new RegExp(`^id:${r.message_id} .* stat:UNDELIV err:001`));
      expect(receipts[0].message_state).toBe(smpp.consts.MESSAGE_STATE.UNDELIVERABLE);
    });

    it('answers enquire_link and unbind', async () => {
      const { session } = await bind(gw);
      open.push(session);
      expect((await call(session, 'enquire_link')).command).toBe('enquire_link_resp');
      const unbound = await call(session, 'unbind');
      expect(unbound.command).toBe('unbind_resp');
      await closed(session);
    });

    it('plays dead: drops open sessions, refuses binds, then closes new connections', async () => {
      const { session } = await bind(gw);
      open.push(session);
      gw.servers.smsc.setDead('refuse-bind');
      await closed(session);
      const refused = await bind(gw);
      open.push(refused.session);
      expect(refused.resp.command_status).toBe(smpp.errors.ESME_RBINDFAIL);

      gw.servers.smsc.setDead('close');
      const dropped = smpp.connect({ host: gw.smpp.host, port: gw.smpp.port });
      dropped.on('error', () => undefined);
      open.push(dropped);
      await closed(dropped);

      gw.servers.smsc.setDead(false);
      const revived = await bind(gw);
      open.push(revived.session);
      expect(revived.resp.command_status).toBe(0);
    });
  });

  describe('push (FCM HTTP v1 shape)', () => {
    const send = (body: unknown, token: string | null = gw.push.token, project = 'bank-app') =>
      fetch(`${gw.push.url}/v1/projects/${project}/messages:send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const message = { message: { token: 'device-token-1', notification: { title: '적금 만기 안내', body: '만기일이 다가왔습니다.' }, data: { campaign: 'c-42' } } };

    it('accepts a send with the bearer token and records it', async () => {
      const res = await send(message);
      expect(res.status).toBe(200);
      const { name } = (await res.json()) as { name: string };
      expect(name).toMatch(/^projects\/bank-app\/messages\/[\w-]+$/);
      expect(gw.received().push).toMatchObject([{ name, token: 'device-token-1', title: '적금 만기 안내', body: '만기일이 다가왔습니다.', data: { campaign: 'c-42' } }]);
    });

    it('answers 401 without (or with a wrong) bearer token', async () => {
      for (const token of [null, 'nope']) {
        const res = await send(message, token);
        expect(res.status).toBe(401);
        expect(((await res.json()) as any).error.status).toBe('UNAUTHENTICATED');
      }
      expect(gw.received().push).toEqual([]);
    });

    it('answers 400 with an FCM-like error body for a bad shape', async () => {
      for (const bad of [{}, { message: { notification: { title: 'no token' } } }, { message: { token: 't', data: { n: 1 } } }, '{not json']) {
        const res = await send(bad);
        expect(res.status).toBe(400);
        const body = (await res.json()) as any;
        expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
        expect(typeof body.error.message).toBe('string');
      }
      expect(gw.received().push).toEqual([]);
    });

    it('fails the next N requests with 503 for retry tests', async () => {
      gw.servers.push.failNext(2);
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await send(message);
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses).toEqual([503, 503, 200]);
      expect(gw.received().push).toHaveLength(1);
    });
  });
});
