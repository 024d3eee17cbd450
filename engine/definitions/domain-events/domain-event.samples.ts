import type { DomainEventOf, DomainEventType } from './domain-event.schema.js';

/**
 * One valid example of every event type, for specs (and as documentation
 * of what an event looks like). A type added to the catalogue without an
 * example here fails to compile.
 */
const envelope = (n: number) => ({
  eventId: `0190d1c6-7a6b-7c2e-9f00-${String(n).padStart(12, '0')}`,
  occurredAt: '2026-03-02T01:00:00.000Z',
  customerNo: 'C0000123',
});

export const domainEventSamples: { [T in DomainEventType]: DomainEventOf<T> } = {
  'customer.changed': { ...envelope(1), type: 'customer.changed', actor: { kind: 'staff', id: 7 }, payload: { customerId: 123, change: 'updated', fields: ['region', 'tags'] } },
  'customer.statusChanged': {
    ...envelope(2),
    type: 'customer.statusChanged',
    actor: { kind: 'staff', id: 7 },
    payload: { customerId: 123, from: 'ACTIVE', to: 'DORMANT', statusHistoryId: '88' },
  },
  'holding.opened': {
    ...envelope(3),
    type: 'holding.opened',
    actor: { kind: 'staff', id: 9 },
    payload: { holdingId: 5, customerId: 123, productId: 4, productVersionId: 11, productType: 'FUND', openedOn: '2026-03-02' },
  },
  'holding.closed': {
    ...envelope(4),
    type: 'holding.closed',
    actor: { kind: 'serviceToken', id: 2 },
    payload: { holdingId: 5, customerId: 123, productId: 4, productVersionId: 11, productType: 'FUND', closedOn: '2026-09-01' },
  },
  'holding.changed': {
    ...envelope(5),
    type: 'holding.changed',
    actor: { kind: 'staff', id: 9 },
    payload: { holdingId: 5, customerId: 123, productId: 4, productVersionId: 11, productType: 'FUND', fields: ['amount'] },
  },
  'segment.entered': {
    ...envelope(6),
    type: 'segment.entered',
    actor: { kind: 'system', id: 'segment-refresh' },
    payload: { transitionId: '9001', customerId: 123, segmentId: 3, versionId: 12, version: 2, segmentName: '펀드 관심 고객', cause: 'refresh' },
  },
  'segment.exited': {
    ...envelope(7),
    type: 'segment.exited',
    actor: { kind: 'system', id: 'ingestion' },
    payload: { transitionId: '9002', customerId: 123, segmentId: 3, versionId: 12, version: 2, segmentName: '펀드 관심 고객', cause: 'event' },
  },
  'journey.instanceStarted': {
    ...envelope(8),
    type: 'journey.instanceStarted',
    actor: { kind: 'system', id: 'journey-runtime' },
    payload: { journeyId: 1, versionId: 3, version: 1, instanceId: 77, customerId: 123, entry: 'segmentEntered', triggerEventId: '0190d1c6-7a6b-7c2e-9f00-000000000006' },
  },
  'journey.stepEntered': {
    ...envelope(9),
    type: 'journey.stepEntered',
    actor: { kind: 'journey', id: 1 },
    payload: { journeyId: 1, versionId: 3, instanceId: 77, customerId: 123, nodeId: 'wait-3d', nodeType: 'waitForEvent', visit: 1 },
  },
  'journey.instanceExited': {
    ...envelope(10),
    type: 'journey.instanceExited',
    actor: { kind: 'journey', id: 1 },
    payload: { journeyId: 1, versionId: 3, instanceId: 77, customerId: 123, nodeId: 'webhook-1', reason: 'failed', errorCode: 'webhookRefused' },
  },
  'journey.converted': {
    ...envelope(11),
    type: 'journey.converted',
    actor: { kind: 'journey', id: 1 },
    payload: { journeyId: 1, versionId: 3, instanceId: 77, customerId: 123, nodeId: 'wait-3d', goalEventType: 'fund.purchase', goalEventId: 'evt-42' },
  },
  'message.requested': {
    ...envelope(12),
    type: 'message.requested',
    actor: { kind: 'journey', id: 1 },
    payload: {
      messageId: 501,
      customerId: 123,
      channel: 'sms',
      templateId: 8,
      templateVersion: 2,
      journeyId: 1,
      journeyVersionId: 3,
      instanceId: 77,
      nodeId: 'send-1',
      idempotencyKey: '77:send-1:1',
    },
  },
  'message.sent': {
    ...envelope(13),
    type: 'message.sent',
    actor: { kind: 'system', id: 'send-sms' },
    payload: { messageId: 501, customerId: 123, channel: 'sms', attempt: 1, providerMessageId: 'smsc-123' },
  },
  'message.delivered': { ...envelope(14), type: 'message.delivered', actor: { kind: 'system', id: 'send-sms' }, payload: { messageId: 501, customerId: 123, channel: 'sms' } },
  'message.failed': {
    ...envelope(15),
    type: 'message.failed',
    actor: { kind: 'system', id: 'send-email' },
    payload: { messageId: 502, customerId: 123, channel: 'email', attempt: 2, errorKind: 'operational', errorCode: 'connectionFailed', willRetry: true },
  },
  'message.held': {
    ...envelope(18),
    type: 'message.held',
    actor: { kind: 'system', id: 'send-sms' },
    payload: { messageId: 503, customerId: 123, channel: 'sms', heldFor: 'nightTimeNoConsent', holdUntil: '2026-12-02T23:00:00.000Z' },
  },
  'message.suppressed': {
    ...envelope(19),
    type: 'message.suppressed',
    actor: { kind: 'system', id: 'send-push' },
    payload: { messageId: 504, customerId: 123, channel: 'push', suppressedFor: 'noMarketingConsent' },
  },
  'message.converted': {
    ...envelope(20),
    type: 'message.converted',
    actor: { kind: 'journey', id: 1 },
    payload: { messageId: 501, customerId: 123, channel: 'sms', journeyId: 1, goalEventType: 'fund.purchase' },
  },
  'message.opened': { ...envelope(16), type: 'message.opened', actor: { kind: 'system', id: 'tracking' }, payload: { messageId: 502, customerId: 123, channel: 'email' } },
  'message.clicked': {
    ...envelope(17),
    type: 'message.clicked',
    actor: { kind: 'system', id: 'tracking' },
    payload: { messageId: 502, customerId: 123, channel: 'email', linkId: 'cta-1' },
  },
};
