import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { Partitioners } from 'kafkajs';
import { startKafka } from '../../../docker/kafka/launcher.js';
import { createKafka } from '../../../engine/kafka/kafka-client.js';
import { startIngestion } from '../../../engine/ingestion/ingestion-consumer.js';
import { startJourneyEngine } from '../../../engine/journeys/runtime/journey-engine.js';
import { journeyStoredEventHandler } from '../../../engine/journeys/runtime/journey-event-handler.js';
import { appendToOutbox } from '../../../engine/outbox/append-to-outbox.js';
import { createLogger } from '../../../engine/observability/logger.js';
import { percentile, publishBenchJourney } from './bench-journey-data.js';

export interface ThroughputFigures {
  offeredRate: number;
  seconds: number;
  produced: number;
  messages: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const signupJourney = (eventType: string) => ({
  version: 1 as const,
  entry: { type: 'event' as const, eventType, where: [] },
  reEntry: { kind: 'always' as const },
  nodes: [
    { id: 'start', type: 'start' as const, next: 'welcome' },
    { id: 'welcome', type: 'sendMessage' as const, channel: 'push' as const, templateId: 1, next: 'wait' },
    { id: 'wait', type: 'waitDuration' as const, duration: 'P1D', next: 'end' },
    { id: 'end', type: 'exit' as const },
  ],
});

/**
 * End to end through the real pipeline: a KafkaJS producer sends customer
 * events to `customer-events` (3 partitions, keyed by customer) at `rate`
 * per second for `seconds`; the ingestion consumer stores each batch and
 * hands it to the journey handler before committing offsets; each event
 * starts an instance whose first block queues a push (message row + Bull
 * job). Measured: events per second from the first event produced to the
 * last message row, and event -> message latency (the event's occurredAt is
 * its produce time; the message's requested_at is its transaction's time).
 * Runs at `rate`, then at 1,000/s for the latency figure.
 */
export async function throughputPhase(o: {
  ds: DataSource;
  redis: Redis;
  redisUrl: string;
  prefix: string;
  customers: Array<{ id: number; customerNo: string }>;
  rate: number;
  seconds: number;
  log: (l: string) => void;
}): Promise<ThroughputFigures[]> {
  const { ds, log } = o;
  const kafkaPort = Number(process.env.BENCH_KAFKA_PORT ?? 19792);
  const broker = await startKafka({
    port: kafkaPort,
    freshData: true,
    heapMb: 512,
    topics: [
      { name: 'bench-customer-events', partitions: 3 },
      { name: 'bench-dlq', partitions: 1 },
    ],
    log,
  });
  const logger = createLogger('warn');
  const kafka = createKafka(broker.brokers, 'bench-journeys', logger);
  const engine = await startJourneyEngine({
    ds,
    redisUrl: o.redisUrl,
    queuePrefix: o.prefix,
    logger,
    appendEvents: (tx, ev) => appendToOutbox(tx, ev),
    kickOutbox: () => undefined,
    webhook: { allowedHosts: [], secret: 'bench', timeoutMs: 1000, attempts: 1, backoffMs: 100 },
    workers: true,
  });
  const ingestion = await startIngestion({
    kafka,
    ds,
    logger,
    groupId: `bench-${randomUUID().slice(0, 6)}`,
    topic: 'bench-customer-events',
    dlqTopic: 'bench-dlq',
    storedEventHandlers: [journeyStoredEventHandler(engine.runtime)],
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const results: ThroughputFigures[] = [];
  try {
    const runs = o.rate === 1000 ? [1000] : [o.rate, 1000];
    for (const [n, rate] of runs.entries()) {
      const journeys = [];
      const total = rate * o.seconds;
      const perJourney = o.customers.length;
      for (let j = 0; j < Math.ceil(total / perJourney); j++) journeys.push(await publishBenchJourney(ds, `bench-signup-${n}-${j}`, signupJourney(`bench.signup.${n}.${j}`)));
      engine.catalogue.invalidate();
      log(`throughput: producing ${total} events at ${rate}/s for ${o.seconds} s`);
      const t0 = Date.now();
      let sent = 0;
      const tickMs = 50;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate) + Math.ceil((rate * tickMs) / 1000));
        const batch = [];
        for (; sent < due; sent++) {
          const c = o.customers[sent % perJourney];
          const type = `bench.signup.${n}.${Math.floor(sent / perJourney)}`;
          batch.push({
            key: c.customerNo,
            value: JSON.stringify({ eventId: randomUUID(), customerNo: c.customerNo, type, occurredAt: new Date().toISOString(), properties: { channel: 'mobile-app' } }),
          });
        }
        if (batch.length > 0) await producer.send({ topic: 'bench-customer-events', acks: -1, messages: batch });
        const next = t0 + (sent / rate) * 1000;
        const wait = next - Date.now() - tickMs / 2;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (sent % (rate * 10) < (rate * tickMs) / 1000 + 1) log(`  produced ${sent} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
      const produceSeconds = (Date.now() - t0) / 1000;
      const ids = journeys.map((j) => j.journeyId);
      let messages = 0;
      for (let idle = 0; ;) {
        const [{ n: m }] = await ds.query('SELECT COUNT(*) AS n FROM message WHERE journey_id IN (?)', [ids]);
        if (Number(m) === messages) idle += 1;
        else idle = 0;
        messages = Number(m);
        if (messages >= total || idle > 30) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const [{ last }] = await ds.query('SELECT MAX(requested_at) AS last FROM message WHERE journey_id IN (?)', [ids]);
      const elapsed = (new Date(last).getTime() - t0) / 1000;
      const rows: Array<{ ms: number }> = await ds.query(
        `SELECT TIMESTAMPDIFF(MICROSECOND, b.occurred_at, m.requested_at) / 1000 AS ms FROM message m
           JOIN journey_instance i ON i.id = m.instance_id JOIN behaviour_event b ON b.event_id = SUBSTRING(i.entry_key, 3)
          WHERE m.journey_id IN (?)`,
        [ids],
      );
      const lat = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
      log(`  ${messages}/${total} messages queued; produced in ${produceSeconds.toFixed(1)} s, last message at ${elapsed.toFixed(1)} s`);
      results.push({
        offeredRate: rate,
        seconds: o.seconds,
        produced: total,
        messages,
        eventsPerSecond: messages / elapsed,
        p50Ms: percentile(lat, 50),
        p99Ms: percentile(lat, 99),
      });
    }
  } finally {
    await producer.disconnect();
    await ingestion.stop();
    await engine.stop();
    await broker.stop();
  }
  return results;
}
