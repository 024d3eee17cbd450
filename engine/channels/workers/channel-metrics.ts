import { Counter, Histogram } from 'prom-client';
import { registry } from '../../observability/metrics.js';

/** What the channel workers did, for /metrics and the campaign dashboards' operational view. */
export const channelMetrics = {
  outcomes: new Counter({
    name: 'channel_messages_total',
    help: 'Messages handled by the channel workers, by channel and outcome (sent, held, suppressed, failed, retry, skipped)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  }),
  sendSeconds: new Histogram({
    name: 'channel_deliver_seconds',
    help: 'Time to handle one message in a channel worker (facts, decision, render, gateway, record)',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  receipts: new Counter({
    name: 'channel_delivery_receipts_total',
    help: 'SMPP delivery receipts by result (delivered, undelivered, unknown: no message with that id)',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
};
