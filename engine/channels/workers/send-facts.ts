import type { SqlRunner } from '../delivery/delivery-ledger.js';
import type { CustomerStatus } from '../../../resources/customer/customer-status.js';
import type { Propensity } from '../../../resources/customer/customer-attributes.js';
import type { SendChannel } from '../policy/send-policy.config.js';

/** The message row and what the send-time decision needs of its customer, read in one query. */
export interface SendFacts {
  message: {
    id: number;
    channel: SendChannel;
    templateId: number;
    customerId: number;
    journeyId: number | null;
    versionId: number | null;
    instanceId: number | null;
    nodeId: string | null;
    idempotencyKey: string;
    status: string;
    attemptCount: number;
    holdUntil: Date | null;
  };
  /** Null when the customer row is gone. */
  customer: {
    customerNo: string;
    name: string;
    status: CustomerStatus;
    consentSms: boolean;
    consentEmail: boolean;
    consentPush: boolean;
    consentNight: boolean;
    propensity: Propensity | null;
    propensityAssessedAt: Date | null;
    mobileEnc: string | null;
    emailEnc: string | null;
    emailMasked: string | null;
    mobileMasked: string | null;
    /** The most recently seen app installation's FCM token (push only). */
    deviceToken: string | null;
  } | null;
}

interface Row {
  id: string;
  channel: SendChannel;
  template_id: number;
  customer_id: number;
  journey_id: number | null;
  version_id: number | null;
  instance_id: string | null;
  node_id: string | null;
  idempotency_key: string;
  status: string;
  attempt_count: number;
  hold_until: Date | null;
  c_id: number | null;
  customer_no: string;
  name: string;
  c_status: CustomerStatus;
  consent_sms: number;
  consent_email: number;
  consent_push: number;
  consent_night: number;
  propensity: Propensity | null;
  propensity_assessed_at: Date | null;
  mobile_enc: string | null;
  email_enc: string | null;
  email_masked: string | null;
  mobile_masked: string | null;
  device_token: string | null;
}

/** The facts of several messages in one query (the channel workers batch their look-ups). */
export async function loadSendFactsMany(db: SqlRunner, messageIds: number[]): Promise<Map<number, SendFacts>> {
  if (messageIds.length === 0) return new Map();
  const rows: Row[] = await db.query(
    `SELECT m.id, m.channel, m.template_id, m.customer_id, m.journey_id, m.version_id, m.instance_id, m.node_id, m.idempotency_key,
            m.status, m.attempt_count, m.hold_until,
            c.id c_id, c.customer_no, c.name, c.status c_status, c.consent_sms, c.consent_email, c.consent_push, c.consent_night,
            c.propensity, c.propensity_assessed_at, c.mobile_enc, c.email_enc, c.email_masked, c.mobile_masked,
            (SELECT d.token FROM customer_device d WHERE d.customer_id = m.customer_id ORDER BY d.last_seen_at DESC, d.id DESC LIMIT 1) device_token
       FROM message m LEFT JOIN customer c ON c.id = m.customer_id
      WHERE m.id IN (?)`,
    [[...new Set(messageIds)]],
  );
  return new Map(rows.map((r) => [Number(r.id), factsOf(r)]));
}

function factsOf(r: Row): SendFacts {
  return {
    message: {
      id: Number(r.id),
      channel: r.channel,
      templateId: Number(r.template_id),
      customerId: Number(r.customer_id),
      journeyId: r.journey_id === null ? null : Number(r.journey_id),
      versionId: r.version_id === null ? null : Number(r.version_id),
      instanceId: r.instance_id === null ? null : Number(r.instance_id),
      nodeId: r.node_id,
      idempotencyKey: r.idempotency_key,
      status: r.status,
      attemptCount: Number(r.attempt_count),
      holdUntil: r.hold_until,
    },
    customer:
      r.c_id === null
        ? null
        : {
            customerNo: r.customer_no,
            name: r.name,
            status: r.c_status,
            consentSms: Boolean(r.consent_sms),
            consentEmail: Boolean(r.consent_email),
            consentPush: Boolean(r.consent_push),
            consentNight: Boolean(r.consent_night),
            propensity: r.propensity,
            propensityAssessedAt: r.propensity_assessed_at,
            mobileEnc: r.mobile_enc,
            emailEnc: r.email_enc,
            emailMasked: r.email_masked,
            mobileMasked: r.mobile_masked,
            deviceToken: r.device_token,
          },
  };
}
