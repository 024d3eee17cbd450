/**
 * A local SMSC speaking SMPP 3.4 (the `smpp` package's server): binds, submit_sm, delivery receipts,
 * enquire_link and unbind, with switches to make it throttle, fail deliveries or play dead.
 */
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { RingBuffer } from './ring-buffer.js';
import { DATA_CODING, decodeSmsText } from './sms-coding.js';

export interface ReceivedSms {
  messageId: string;
  /** The system_id of the session that submitted it. */
  systemId: string;
  source: string;
  destination: string;
  text: string;
  dataCoding: number;
  /** Bytes of the message text as sent (UDH excluded). */
  bytes: number;
  esmClass: number;
  registeredDelivery: number;
  /** Set for one part of a concatenated message (UDH IE 0x00 or 0x08). Parts are recorded one by one, not reassembled. */
  segment?: { ref: number; total: number; seq: number };
  receivedAt: Date;
}

export interface SmscOptions {
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  systemId?: string;
  password?: string;
  capacity?: number;
  /** Delay before the delivery receipt (deliver_sm) is sent. Default 50 ms. */
  receiptDelayMs?: number;
  /** Share of messages whose receipt says UNDELIV instead of DELIVRD (0..1). Default 0. */
  failureRate?: number;
  /** Answer ESME_RTHROTTLED past this many submit_sm in any rolling second (all sessions together). Default: no limit. */
  maxSubmitsPerSecond?: number;
  /** Injectable for deterministic failure rates. */
  random?: () => number;
}

/** `false`: alive. `'close'`: drops every connection as soon as it opens. `'refuse-bind'`: accepts connections but answers every bind with ESME_RBINDFAIL. */
export type DeadMode = false | 'close' | 'refuse-bind';

export interface Smsc {
  host: string;
  port: number;
  systemId: string;
  password: string;
  received(): ReceivedSms[];
  clear(): void;
  setMaxSubmitsPerSecond(limit: number | undefined): void;
  setFailureRate(rate: number): void;
  setReceiptDelayMs(ms: number): void;
  /** Turning it dead also closes the connections already open. */
  setDead(mode: DeadMode): void;
  /** Sessions currently bound. */
  boundSessions(): number;
  stop(): Promise<void>;
}

type BindMode = 'transceiver' | 'transmitter' | 'receiver';

interface Bound {
  mode: BindMode;
  systemId: string;
}

const { errors } = smpp;

/** YYMMDDhhmm, the date format of the SMPP 3.4 delivery receipt (Appendix B). */
function receiptDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

function messageOf(pdu: smpp.PDU): { message: string | Buffer; udh: Buffer[] } {
  // message_payload (TLV 0x0424) carries long messages in one PDU; it wins over an empty short_message.
  const field = pdu.message_payload ?? pdu.short_message;
  if (field === undefined) return { message: '', udh: [] };
  if (typeof field === 'string' || Buffer.isBuffer(field)) return { message: field, udh: [] };
  return { message: field.message, udh: field.udh ?? [] };
}

/** The concatenation information element of a UDH (the package hands each IE as [IEI, length, data...]). */
function segmentOf(udh: Buffer[]): ReceivedSms['segment'] {
  for (const ie of udh) {
    if (ie[0] === 0x00 && ie[1] === 3) return { ref: ie[2], total: ie[3], seq: ie[4] };
    if (ie[0] === 0x08 && ie[1] === 4) return { ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] };
  }
  return undefined;
}

export async function startSmsc(options: SmscOptions = {}): Promise<Smsc> {
  const host = options.host ?? '127.0.0.1';
  const systemId = options.systemId ?? 'local';
  const password = options.password ?? 'local';
  const random = options.random ?? Math.random;
  const store = new RingBuffer<ReceivedSms>(options.capacity ?? 1000);
  let receiptDelayMs = options.receiptDelayMs ?? 50;
  let failureRate = options.failureRate ?? 0;
  let maxSubmitsPerSecond = options.maxSubmitsPerSecond;
  let dead: DeadMode = false;
  let sequence = 0;
  let recentSubmits: number[] = [];
  const bound = new Map<smpp.Session, Bound>();
  const sessions = new Set<smpp.Session>();
  const timers = new Set<NodeJS.Timeout>();

  function throttled(now: number): boolean {
    if (maxSubmitsPerSecond === undefined) return false;
    recentSubmits = recentSubmits.filter((t) => t > now - 1000);
    if (recentSubmits.length >= maxSubmitsPerSecond) return true;
    recentSubmits.push(now);
    return false;
  }

  function receiptTarget(from: smpp.Session, account: string): smpp.Session | undefined {
    if (bound.get(from)?.mode === 'transceiver') return from;
    for (const [session, b] of bound) if (b.systemId === account && b.mode !== 'transmitter') return session;
    return undefined;
  }

  function scheduleReceipt(from: smpp.Session, sms: ReceivedSms): void {
    const failed = random() < failureRate;
    const wanted = sms.registeredDelivery & 0x03; // 1: always, 2: on failure, 3: on success (SMPP 5.0)
    if (!(wanted === 1 || (wanted === 2 && failed) || (wanted === 3 && !failed))) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const target = receiptTarget(from, sms.systemId);
      if (!target) return; // nobody bound to receive it: a real SMSC would queue it; this one drops it
      const now = new Date();
      const sample = sms.dataCoding === DATA_CODING.SMSC_DEFAULT || sms.dataCoding === DATA_CODING.IA5 ? sms.text.slice(0, 20) : '';
      const text =
        `id:${sms.messageId} sub:001 dlvrd:${failed ? '000' : '001'} submit date:${receiptDate(sms.receivedAt)} ` +
        `done date:${receiptDate(now)} stat:${failed ? 'UNDELIV' : 'DELIVRD'} err:${failed ? '001' : '000'} text:${sample}`;
      target.deliver_sm({
        source_addr: sms.destination,
        destination_addr: sms.source,
        esm_class: smpp.consts.ESM_CLASS.MC_DELIVERY_RECEIPT,
        data_coding: DATA_CODING.SMSC_DEFAULT,
        short_message: text,
        receipted_message_id: sms.messageId,
        message_state: failed ? smpp.consts.MESSAGE_STATE.UNDELIVERABLE : smpp.consts.MESSAGE_STATE.DELIVERED,
      });
    }, receiptDelayMs);
    timers.add(timer);
  }

  function onSession(session: smpp.Session): void {
    if (dead === 'close') {
      session.destroy();
      return;
    }
    sessions.add(session);
    session.on('close', () => {
      sessions.delete(session);
      bound.delete(session);
    });
    // Malformed PDUs and resets end the session; they must not bring the server down.
    session.on('error', () => session.destroy());

    const bind = (mode: BindMode) => (pdu: smpp.PDU) => {
      if (bound.has(session)) {
        session.send(pdu.response({ command_status: errors.ESME_RALYBND }));
      } else if (dead || pdu.system_id !== systemId || pdu.password !== password) {
        session.send(pdu.response({ command_status: errors.ESME_RBINDFAIL }));
      } else {
        bound.set(session, { mode, systemId: pdu.system_id });
        session.send(pdu.response({ system_id: 'LOCALSMSC' }));
      }
    };
    session.on('bind_transceiver', bind('transceiver'));
    session.on('bind_transmitter', bind('transmitter'));
    session.on('bind_receiver', bind('receiver'));

    session.on('submit_sm', (pdu: smpp.PDU) => {
      const b = bound.get(session);
      if (!b || b.mode === 'receiver') {
        session.send(pdu.response({ command_status: errors.ESME_RINVBNDSTS }));
        return;
      }
      const now = Date.now();
      if (throttled(now)) {
        session.send(pdu.response({ command_status: errors.ESME_RTHROTTLED }));
        return;
      }
      const dataCoding = pdu.data_coding ?? DATA_CODING.SMSC_DEFAULT;
      const { message, udh } = messageOf(pdu);
      const { text, bytes } = decodeSmsText(dataCoding, message);
      const segment = segmentOf(udh);
      const sms: ReceivedSms = {
        messageId: (++sequence).toString(16).padStart(8, '0'),
        systemId: b.systemId,
        source: pdu.source_addr ?? '',
        destination: pdu.destination_addr ?? '',
        text,
        dataCoding,
        bytes,
        esmClass: pdu.esm_class ?? 0,
        registeredDelivery: pdu.registered_delivery ?? 0,
        ...(segment ? { segment } : {}),
        receivedAt: new Date(now),
      };
      store.push(sms);
      session.send(pdu.response({ message_id: sms.messageId }));
      scheduleReceipt(session, sms);
    });

    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      bound.delete(session);
      session.send(pdu.response(), () => session.close());
    });
    const handled = new Set(['bind_transceiver', 'bind_transmitter', 'bind_receiver', 'submit_sm', 'enquire_link', 'unbind']);
    session.on('pdu', (pdu: smpp.PDU) => {
      if (pdu.isResponse() || handled.has(pdu.command)) return; // responses: deliver_sm_resp to our receipts
      // Unknown command ids get generic_nack (the package's response()); known but unsupported ones ESME_RINVCMDID.
      session.send(pdu.response({ command_status: errors.ESME_RINVCMDID }));
    });
  }

  const server = smpp.createServer({}, onSession);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    host,
    port,
    systemId,
    password,
    received: () => store.toArray(),
    clear: () => {
      store.clear();
      recentSubmits = [];
    },
    setMaxSubmitsPerSecond: (limit) => {
      maxSubmitsPerSecond = limit;
      recentSubmits = [];
    },
    setFailureRate: (rate) => {
      failureRate = rate;
    },
    setReceiptDelayMs: (ms) => {
      receiptDelayMs = ms;
    },
    setDead: (mode) => {
      dead = mode;
      if (mode) for (const session of sessions) session.destroy();
    },
    boundSessions: () => bound.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}
