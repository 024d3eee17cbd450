/**
 * `npx tsx test/bench/outbox-relay.bench.ts`: throughput of the domain-event
 * relay (engine/outbox) on this machine, against a scratch database
 * (bank_crm_bench_outbox, dropped at the end) and a real Kafka broker
 * (KAFKA_BROKERS, else one launched on BENCH_KAFKA_PORT, default 19592).
 *
 * 1. Writers: BENCH_EVENTS customer.changed events for 1,000 customers,
 *    appended in transactions of 10 (as staff writes and ingestion batches do).
 * 2. Relay: one DomainEventRelay drains them all (BENCH_BATCH rows per batch,
 *    acks -1, idempotent producer, one no-op in-process subscriber); then
 *    again with two relays on two pools at once (only one relays at a time:
 *    the lease), to show the standby costs little.
 * Prints events per second for each step.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../engine/db/data-source.js';
import { ensureTopics } from '../../engine/kafka/ensure-topics.js';
import { startKafka, type RunningKafka } from '../../docker/kafka/launcher.js';
import { appendToOutbox, DomainEventRelay, newDomainEvent } from '../../engine/outbox/index.js';
import { createScratchDb } from '../support/scratch-db.js';
import { dbServer } from '../support/db.js';

const events = Number(process.env.BENCH_EVENTS ?? 20_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 500);
const dbName = 'bank_crm_bench_outbox';
const logger = pino({ level: 'warn' });

async function main() {
  let broker: RunningKafka | null = null;
  const brokers =
    process.env.KAFKA_BROKERS?.split(',') ?? (broker = await startKafka({ port: Number(process.env.BENCH_KAFKA_PORT ?? 19592), freshData: true, heapMb: 384, topics: [] })).brokers;
  const kafka = new Kafka({ clientId: 'outbox-bench', brokers, logLevel: logLevel.NOTHING });
  const run = randomUUID().slice(0, 8);
  const topicNames = { crmEvents: `bench-${run}-crm`, segmentEvents: `bench-${run}-seg`, journeyEvents: `bench-${run}-jny`, messageEvents: `bench-${run}-msg` };
  await ensureTopics(
    kafka,
    Object.values(topicNames).map((name) => ({ name, partitions: 3 })),
  );
  const ds = await createScratchDb(dbName);
  const ds2 = createDataSource({ ...dbServer(), database: dbName });
  await ds2.initialize();
  try {
    const customers = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, no: `B${String(i + 1).padStart(7, '0')}` }));
    await ds.query('INSERT INTO customer (id, customer_no, name, status) VALUES ?', [customers.map((c) => [c.id, c.no, '벤치', 'ACTIVE'])]);

    const write = async (n: number) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i += 10) {
        const batch = Array.from({ length: Math.min(10, n - i) }, (_, k) => {
          const c = customers[(i + k) % customers.length]!;
          return newDomainEvent('customer.changed', c.no, { customerId: c.id, change: 'updated', fields: ['region'] }, new Date(), { kind: 'system', id: 'bench' });
        });
        await ds.transaction((tx) => appendToOutbox(tx, batch));
      }
      return performance.now() - t0;
    };
    const relayOn = (on: DataSource) => {
      const r = new DomainEventRelay(on, { logger, topicNames, batchSize, sweepEveryMs: 0 });
      r.subscribe('bench', ['customer.changed'], async () => undefined);
      return r;
    };
    const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`;

    const writeMs = await write(events);
    console.log(`write  ${events} events in transactions of 10: ${(writeMs / 1000).toFixed(1)} s, ${rate(events, writeMs)}`);

    const one = relayOn(ds);
    await one.connect(kafka);
    let t0 = performance.now();
    const drained = await one.drain();
    let ms = performance.now() - t0;
    console.log(`relay  one relay, batches of ${batchSize}: ${drained.published} events in ${(ms / 1000).toFixed(1)} s, ${rate(drained.published, ms)}`);
    await one.stop();

    await write(events);
    const [a, b] = [relayOn(ds), relayOn(ds2)];
    await Promise.all([a.connect(kafka), b.connect(kafka)]);
    t0 = performance.now();
    let total = 0;
    for (;;) {
      const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
      total += ra.published + rb.published;
      const [{ n }] = await ds.query('SELECT COUNT(*) n FROM domain_event WHERE published_at IS NULL');
      if (Number(n) === 0) break;
    }
    ms = performance.now() - t0;
    console.log(`relay  two relays racing for the lease: ${total} events in ${(ms / 1000).toFixed(1)} s, ${rate(total, ms)}`);
    await Promise.all([a.stop(), b.stop()]);
  } finally {
    await ds2.destroy();
    await ds.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await ds.destroy();
    await broker?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
