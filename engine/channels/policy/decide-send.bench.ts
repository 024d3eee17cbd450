/**
 * Micro-benchmark of one send decision: p50/p99 over 100,000 random inputs
 * (a mix of every outcome, day and night). Prints figures, asserts nothing.
 *   npx tsx engine/channels/policy/decide-send.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { decideSend, type SendDecisionInput } from './decide-send.js';
import { seoul } from './send-policy.fixtures.js';

const runs = 100_000;
let seed = 20261202;
/** A small deterministic generator (mulberry32), so runs are comparable. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const chance = (p: number) => random() < p;

const start = seoul('2026-01-01T00:00:00.000');
const span = 365 * 86_400_000;

function randomInput(): { input: SendDecisionInput; now: number } {
  const now = start + Math.floor(random() * span);
  const input: SendDecisionInput = {
    channel: pick(['sms', 'email', 'push'] as const),
    customer: {
      status: chance(0.9) ? 'ACTIVE' : pick(['DORMANT', 'SUSPENDED', 'WITHDRAWN'] as const),
      consentSms: chance(0.8),
      consentEmail: chance(0.8),
      consentPush: chance(0.8),
      consentNight: chance(0.3),
      propensity: chance(0.85) ? pick(['STABLE', 'STABLE_SEEKING', 'NEUTRAL', 'ACTIVE', 'AGGRESSIVE'] as const) : null,
      propensityAssessedAt: now - Math.floor(random() * 500 * 86_400_000),
    },
    template: {
      kind: chance(0.7) ? 'advertising' : 'informational',
      review: { status: chance(0.95) ? 'APPROVED' : 'DRAFT', reviewNumber: 'R-2026-1', validFrom: start, validUntil: start + (chance(0.95) ? 2 : 0.5) * span },
      recommendationSlot: chance(0.3),
    },
    alreadyDelivered: chance(0.02),
    frequency: { sentToday: Math.floor(random() * 3), sentThisWeek: Math.floor(random() * 6) },
    product: chance(0.5) ? { id: 1, type: pick(['FUND', 'DEPOSIT', 'LOAN']), riskGrade: 1 + Math.floor(random() * 6), onSale: chance(0.95) } : undefined,
    recommendationListEmpty: chance(0.1),
  };
  return { input, now };
}

const inputs = Array.from({ length: runs }, randomInput);
for (let i = 0; i < 10_000; i += 1) decideSend(inputs[i].input, inputs[i].now); // warm-up

const times = new Float64Array(runs);
const outcomes: Record<string, number> = {};
for (let i = 0; i < runs; i += 1) {
  const { input, now } = inputs[i];
  const t0 = performance.now();
  const d = decideSend(input, now);
  times[i] = performance.now() - t0;
  const key = d.kind === 'send' ? 'send' : `${d.kind}:${d.reason}`;
  outcomes[key] = (outcomes[key] ?? 0) + 1;
}
times.sort();
const us = (q: number) => (times[Math.min(runs - 1, Math.floor(q * runs))] * 1000).toFixed(1);
console.log(`decideSend over ${runs.toLocaleString('en')} random inputs (Node ${process.version})`);
console.log(`  p50 ${us(0.5)} µs   p90 ${us(0.9)} µs   p99 ${us(0.99)} µs   max ${us(1 - 1 / runs)} µs   (target p99 < 1000 µs)`);
console.log(
  '  outcomes:',
  Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', '),
);
