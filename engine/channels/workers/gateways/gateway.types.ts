/**
 * What a channel worker hands a gateway client, and what it gets back. The
 * clients speak the real protocols (SMTP, SMPP, FCM HTTP v1); their errors
 * are taxonomy errors: operational (retry: connection refused, throttled,
 * 4xx SMTP, 5xx/429 HTTP), user (never retry: a refused recipient, an
 * invalid token), fatal (a bug).
 */

export interface OutgoingSms {
  messageId: number;
  to: string;
  text: string;
  /** LMS subject; SMPP has no subject field, so it goes first in the text (see smpp-gateway.ts). */
  subject?: string;
  type: 'SMS' | 'LMS';
  /** From the content's byte count: EUC-KR (KS C 5601, data_coding 0x0E) when every character has one, else UCS-2. */
  encoding: 'EUC-KR' | 'UCS-2';
}

export interface OutgoingEmail {
  messageId: number;
  /** The RFC 5322 Message-ID, the same for every attempt of one message (receivers drop duplicates). */
  rfcMessageId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export interface OutgoingPush {
  messageId: number;
  token: string;
  title: string;
  body: string;
  deepLink?: string;
  imageUrl?: string;
}

export interface GatewayAccepted {
  /** The gateway's id for the message (SMPP message_id, the Message-ID, FCM's message name). */
  providerMessageId: string;
  /** A short answer for the "why" page: codes and ids, never the message text or the address. */
  response: string;
}

/** A delivery receipt (SMPP deliver_sm): the message with this provider id reached the handset, or did not. */
export interface DeliveryReceipt {
  providerMessageId: string;
  delivered: boolean;
  /** The receipt's stat and err fields, e.g. `UNDELIV err:001`. */
  detail: string;
}

/**
 * The request may have reached the gateway, but its answer was lost (the connection dropped or timed out after
 * the request was written). The worker applies the channel's ambiguous-outcome policy instead of retrying.
 */
export const outcomeUnknownCode = 'outcomeUnknown';

export interface GatewayClient<M> {
  send(message: M): Promise<GatewayAccepted>;
  close(): Promise<void>;
}
