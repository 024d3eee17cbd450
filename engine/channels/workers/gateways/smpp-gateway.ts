import iconv from 'iconv-lite';
import smpp from 'smpp';
import { OperationalError } from '../../../errors/operational.error.js';
import { UserError } from '../../../errors/user.error.js';
import type { SmppGatewayConfig } from '../../../config/channels.config.js';
import { outcomeUnknownCode, type DeliveryReceipt, type GatewayAccepted, type GatewayClient, type OutgoingSms } from './gateway.types.js';

/**
 * SMS and LMS over SMPP 3.4 with the `smpp` package: one transceiver session
 * (submits and delivery receipts on the same bind), at most `window`
 * submit_sm in flight, re-bound on demand after the connection drops.
 *
 * - Text in EUC-KR (KS C 5601, data_coding 0x0E), what Korean carriers count
 *   bytes in, or UCS-2 (0x08) when a character has no EUC-KR code. The
 *   package has no 0x0E coder, so the bytes are encoded here.
 * - Up to 254 bytes go in `short_message`; an LMS in the `message_payload`
 *   TLV. SMPP has no subject: an LMS subject is the first line.
 * - `ESME_RTHROTTLED` pauses every submit of this client (doubling from
 *   `throttleBackoffMs`), and the same PDU is submitted again; after
 *   `maxThrottleRetries` the call fails as operational.
 * - A submit whose response never comes (connection lost after it was
 *   written, or no answer within `responseTimeoutMs`) fails with
 *   `outcomeUnknown`: the SMSC may have taken it, so the worker must not
 *   simply submit again.
 * - Delivery receipts (`deliver_sm` with the MC-delivery-receipt esm_class)
 *   are answered and handed to `onReceipt`.
 */
export interface SmppGatewayOptions {
  onReceipt?: (receipt: DeliveryReceipt) => void;
  onLog?: (msg: string, err?: unknown) => void;
  throttleBackoffMs?: number;
  maxThrottleRetries?: number;
  responseTimeoutMs?: number;
}

const RECEIPT_ESM_CLASS = 0x04;
/** command_status values that mean "later", not "never". */
const TRANSIENT = new Set(['ESME_RTHROTTLED', 'ESME_RMSGQFUL', 'ESME_RSYSERR', 'ESME_RX_T_APPN', 'ESME_RSUBMITFAIL'].map((n) => smpp.errors[n]));
const statusName = (status: number) => Object.entries(smpp.errors).find(([, v]) => v === status)?.[0] ?? `0x${status.toString(16)}`;

export class SmppGateway implements GatewayClient<OutgoingSms> {
  private session: smpp.Session | null = null;
  private connecting: Promise<smpp.Session> | null = null;
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  private pausedUntil = 0;
  private throttleStreak = 0;
  private closed = false;
  /** ESME_RTHROTTLED answers received so far (for metrics and tests). */
  throttledCount = 0;
  private readonly url: URL;
  /** Submits written on the current session, failed as outcome-unknown when it drops. */
  private readonly pending = new Set<(err: Error) => void>();

  constructor(
    private readonly config: SmppGatewayConfig,
    private readonly options: SmppGatewayOptions = {},
  ) {
    this.url = new URL(config.url);
  }

  async send(m: OutgoingSms): Promise<GatewayAccepted> {
    const text = m.subject ? `${m.subject}\n${m.text}` : m.text;
    const ucs2 = m.encoding === 'UCS-2';
    const bytes = ucs2 ? iconv.encode(text, 'utf16-be') : iconv.encode(text, 'euc-kr');
    const pdu: Record<string, unknown> = {
      source_addr: this.config.sourceAddr,
      source_addr_ton: 0,
      source_addr_npi: 1,
      destination_addr: m.to.replace(/[^0-9]/g, ''),
      dest_addr_ton: 0,
      dest_addr_npi: 1,
      registered_delivery: 1,
      data_coding: ucs2 ? 0x08 : 0x0e,
      ...(bytes.length <= 254 ? { short_message: bytes } : { message_payload: bytes }),
    };
    await this.acquire();
    try {
      for (let throttled = 0; ; throttled++) {
        await this.waitIfPaused();
        const session = await this.bound();
        const resp = await this.submit(session, pdu);
        if (resp.command_status === 0) {
          this.throttleStreak = 0;
          return { providerMessageId: String(resp.message_id), response: `submit_sm_resp ESME_ROK id:${String(resp.message_id)}` };
        }
        const name = statusName(resp.command_status);
        if (resp.command_status === smpp.errors.ESME_RTHROTTLED && throttled < (this.options.maxThrottleRetries ?? 8)) {
          this.throttle();
          continue;
        }
        if (TRANSIENT.has(resp.command_status)) throw new OperationalError('smscTemporary', `the SMSC did not take the message now (${name})`);
        throw new UserError('smscRefused', `the SMSC refused the message (${name})`);
      }
    } finally {
      this.release();
    }
  }

  /** Binds now (start-up check); `send` binds on demand too. */
  async connect(): Promise<void> {
    await this.bound();
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.session;
    this.session = null;
    if (!s) return;
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      const timer = setTimeout(() => s.destroy(done), 1000);
      s.unbind({}, () => {
        clearTimeout(timer);
        s.close(done);
      });
    });
  }

  private submit(session: smpp.Session, pdu: Record<string, unknown>): Promise<smpp.PDU> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(lost);
        fn();
      };
      const lost = (err: Error) => finish(() => reject(err));
      const timer = setTimeout(
        () => lost(new OperationalError(outcomeUnknownCode, 'the SMSC did not answer the submit in time; it may have taken it')),
        this.options.responseTimeoutMs ?? 10_000,
      );
      this.pending.add(lost);
      session.submit_sm(pdu, (resp) => finish(() => resolve(resp)));
    });
  }

  private async bound(): Promise<smpp.Session> {
    if (this.closed) throw new OperationalError('smppClosed', 'the SMPP client is closed');
    if (this.session) return this.session;
    this.connecting ??= this.bind().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private bind(): Promise<smpp.Session> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const session = smpp.connect({ host: this.url.hostname, port: Number(this.url.port || 2775), auto_enquire_link_period: 30_000 });
      const fail = (err: Error) => {
        if (answered) return;
        answered = true;
        session.destroy();
        reject(err);
      };
      const timer = setTimeout(() => fail(new OperationalError('smppUnavailable', 'binding to the SMSC timed out')), 10_000);
      session.on('error', (err: NodeJS.ErrnoException) => {
        fail(new OperationalError('smppUnavailable', `the SMSC could not be reached (${err.code ?? 'error'})`, { cause: err }));
        this.options.onLog?.('SMPP session error', err);
      });
      session.on('close', () => {
        clearTimeout(timer);
        fail(new OperationalError('smppUnavailable', 'the SMSC closed the connection'));
        if (this.session === session) this.session = null;
        // Submits written on this session whose answer never came: the SMSC may have them.
        for (const lost of [...this.pending]) lost(new OperationalError(outcomeUnknownCode, 'the SMPP connection dropped before the SMSC answered; it may have taken the message'));
      });
      session.on('deliver_sm', (pdu: smpp.PDU) => {
        session.send(pdu.response());
        if (((pdu.esm_class ?? 0) & RECEIPT_ESM_CLASS) !== 0) {
          const receipt = parseReceipt(pdu);
          if (receipt) this.options.onReceipt?.(receipt);
        }
      });
      session.on('connect', () => {
        session.bind_transceiver({ system_id: decodeURIComponent(this.url.username), password: decodeURIComponent(this.url.password) }, (resp) => {
          clearTimeout(timer);
          if (resp.command_status !== 0) return fail(new OperationalError('smppBindFailed', `the SMSC refused the bind (${statusName(resp.command_status)})`));
          answered = true;
          this.session = session;
          resolve(session);
        });
      });
    });
  }

  private throttle(): void {
    this.throttledCount += 1;
    this.throttleStreak += 1;
    const base = this.options.throttleBackoffMs ?? 50;
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.min(1000, base * 2 ** (this.throttleStreak - 1)));
  }

  private async waitIfPaused(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.config.window) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight -= 1;
  }
}

/** `id:<id> sub:001 dlvrd:001 ... stat:DELIVRD err:000 text:...`, or the receipted_message_id / message_state TLVs. */
export function parseReceipt(pdu: smpp.PDU): DeliveryReceipt | null {
  const raw = pdu.short_message;
  const text =
    typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('latin1') : typeof raw?.message === 'string' ? raw.message : (raw?.message?.toString('latin1') ?? '');
  const id = pdu.receipted_message_id ?? /(?:^|\s)id:(\S+)/.exec(text)?.[1];
  if (!id) return null;
  const stat = /(?:^|\s)stat:(\S+)/.exec(text)?.[1] ?? (pdu.message_state === smpp.consts.MESSAGE_STATE.DELIVERED ? 'DELIVRD' : 'UNKNOWN');
  const err = /(?:^|\s)err:(\S+)/.exec(text)?.[1];
  const delivered = stat === 'DELIVRD' || (pdu.message_state !== undefined && pdu.message_state === smpp.consts.MESSAGE_STATE.DELIVERED);
  return { providerMessageId: String(id), delivered, detail: `${stat}${err ? ` err:${err}` : ''}` };
}
