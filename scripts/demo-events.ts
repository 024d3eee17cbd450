/**
 * `npm run demo:events`: a realistic stream of customer events for the
 * existing demo customers, sent to the `customer-events` topic of the broker
 * `npm start` uses, so the demo journeys can be watched running.
 *
 *   npm run demo:events                                  # 500 events, 20/s, mixed
 *   npm run demo:events -- --count=300 --rate=30
 *   npm run demo:events -- --scenario=signup --seed=7    # app sign-ups (the welcome journey)
 *
 * --count=N (default 500), --rate=N events per second (default 20),
 * --scenario=mixed|signup|fund|deposit (default mixed), --seed=N (default:
 * random, printed; the same seed over the same data gives the same stream).
 * The broker: KAFKA_BROKERS, else the local launcher's 127.0.0.1:KAFKA_LOCAL_PORT;
 * this script never starts one. The customers: the DB_* database.
 * What is sent is in seeds/demo-event-stream.ts.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Faker, base } from '@faker-js/faker';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { createConnection, type Connection } from 'mysql2/promise';
import { loadConfig, type AppConfig } from '../engine/config/load-config.js';
import { StartupError } from '../engine/config/config.error.js';
import { describeDbError } from '../engine/db/db-errors.js';
import { isKafkaAnswering } from '../docker/kafka/launcher.js';
import { DemoEventStream, demoScenarios, type DemoPools, type DemoScenario } from '../seeds/demo-event-stream.js';
import { depositMaturingSegmentName } from '../seeds/demo-segments.js';
import type { Propensity } from '../resources/customer/customer-attributes.js';

const USAGE = 'usage: npm run demo:events -- [--count=500] [--rate=20] [--scenario=mixed|signup|fund|deposit] [--seed=N]';
const say = (line: string) => process.stdout.write(`[demo-events] ${line}\n`);

class UsageError extends Error {}

interface Options {
  count: number;
  rate: number;
  scenario: DemoScenario;
  seed: number;
}

function parseCli(): Options {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      rate: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (flag: string, v: string | undefined, fallback: number, max: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${flag} expects a whole number from 1 to ${max}, got "${v}"`);
    return n;
  };
  const scenario = values.scenario ?? 'mixed';
  if (!(demoScenarios as readonly string[]).includes(scenario)) throw new UsageError(`--scenario expects one of ${demoScenarios.join(', ')}, got "${scenario}"`);
  return {
    count: positive('count', values.count, 500, 1_000_000),
    rate: positive('rate', values.rate, 20, 10_000),
    scenario: scenario as DemoScenario,
    seed: values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : positive('seed', values.seed, 0, 2 ** 31 - 1),
  };
}

async function readPools(db: Connection): Promise<DemoPools> {
  const rows = async <T>(sql: string, args: unknown[] = []) => (await db.query(sql, args))[0] as T[];
  const customers = await rows<{ customer_no: string; propensity: Propensity | null }>("SELECT customer_no, propensity FROM customer WHERE status = 'ACTIVE' ORDER BY id");
  const notSignedUp = await rows<{ customer_no: string }>(
    `SELECT c.customer_no FROM customer c WHERE c.status = 'ACTIVE'
        AND NOT EXISTS (SELECT 1 FROM behaviour_event e WHERE e.customer_id = c.id AND e.type = 'app.signup') ORDER BY c.id`,
  );
  const products = await rows<{ code: string; type: string; risk_grade: number }>(
    `SELECT p.code, p.type, p.risk_grade FROM product p
      WHERE p.type IN ('FUND', 'DEPOSIT', 'SAVINGS') AND EXISTS (SELECT 1 FROM product_version v WHERE v.product_id = p.id AND v.status = 'PUBLISHED') ORDER BY p.code`,
  );
  const timeDeposits = await rows<{ customer_no: string; code: string; amount: string | number; maturing: number }>(
    `SELECT c.customer_no, p.code, h.amount, (m.customer_id IS NOT NULL) AS maturing
       FROM holding h JOIN customer c ON c.id = h.customer_id JOIN product p ON p.id = h.product_id
       LEFT JOIN segment s ON s.name = ? LEFT JOIN segment_membership m ON m.segment_id = s.id AND m.customer_id = c.id
      WHERE c.status = 'ACTIVE' AND p.type = 'DEPOSIT' AND p.category = '정기예금' AND (h.closed_on IS NULL OR h.closed_on > CURDATE())
      ORDER BY h.id`,
    [depositMaturingSegmentName],
  );
  return {
    customers: customers.map((c) => ({ customerNo: c.customer_no, propensity: c.propensity })),
    notSignedUp: notSignedUp.map((c) => c.customer_no),
    products: products.map((p) => ({ code: p.code, type: p.type, riskGrade: Number(p.risk_grade) })),
    timeDeposits: timeDeposits.map((d) => ({ customerNo: d.customer_no, productCode: d.code, amount: Number(d.amount), maturing: Number(d.maturing) === 1 })),
  };
}

async function connectDb(config: AppConfig): Promise<Connection> {
  try {
    return await createConnection({
      host: config.db.host,
      port: config.db.port,
      user: config.db.user,
      password: config.db.password,
      database: config.db.database,
      timezone: 'Z',
      connectTimeout: 5000,
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ER_BAD_DB_ERROR')
      throw new StartupError(`database ${config.db.database} does not exist: run \`npm start\` first (it creates and seeds it)`);
    throw describeDbError(err, config.db);
  }
}

const bySize = (counts: Map<string, number>) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const options = parseCli();
  const config = loadConfig();
  const brokers = config.kafka.brokers ?? [`127.0.0.1:${config.kafka.localPort}`];
  if (!(await isKafkaAnswering(brokers, 5000))) {
    console.error(`[demo-events] no Kafka broker answers at ${brokers.join(',')}: run \`npm start\` first (or set KAFKA_BROKERS to its broker)`);
    return 1;
  }

  const db = await connectDb(config);
  let pools: DemoPools;
  try {
    pools = await readPools(db);
  } finally {
    await db.end().catch(() => undefined);
  }
  if (pools.customers.length === 0) {
    console.error(`[demo-events] no ACTIVE customers in database ${config.db.database}: run \`npm start\` with demo data (SEED_DEMO=true) first`);
    return 1;
  }
  const maturing = pools.timeDeposits.filter((d) => d.maturing).length;
  say(`${options.count} events at ${options.rate}/s, scenario ${options.scenario}, seed ${options.seed} (repeat with --seed=${options.seed})`);
  say(
    `customers: ${pools.customers.length} active, ${pools.notSignedUp.length} not signed up to the app yet, ${pools.timeDeposits.length} open time deposits (${maturing} in "${depositMaturingSegmentName}")`,
  );

  const stream = new DemoEventStream(new Faker({ locale: [base], seed: options.seed }), pools, options.scenario);
  const topic = config.kafka.topics.customerEvents;
  const kafka = new Kafka({ clientId: `${config.kafka.clientId}-demo-events`, brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000 });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();

  let stopping = false;
  process.on('SIGINT', () => {
    stopping = true;
  });
  process.on('SIGTERM', () => {
    stopping = true;
  });

  const counts = new Map<string, number>();
  const started = Date.now();
  let sent = 0;
  let reported = started;
  try {
    while (sent < options.count && !stopping) {
      // How many should be out by now at the requested rate; send those as one batch.
      const due = Math.min(options.count, Math.floor(((Date.now() - started) / 1000) * options.rate) + 1);
      if (due <= sent) {
        await sleep(Math.max(1, started + (sent / options.rate) * 1000 - Date.now()));
        continue;
      }
      const occurredAt = new Date().toISOString();
      const batch = Array.from({ length: due - sent }, () => stream.next());
      await producer.send({
        topic,
        messages: batch.map((e) => ({
          key: e.customerNo,
          value: JSON.stringify({ eventId: randomUUID(), customerNo: e.customerNo, type: e.type, occurredAt, properties: e.properties }),
        })),
      });
      sent += batch.length;
      for (const e of batch) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      if (Date.now() - reported >= 1000 || sent === options.count) {
        reported = Date.now();
        say(`${sent}/${options.count} sent (${(sent / Math.max(0.001, (reported - started) / 1000)).toFixed(1)}/s)`);
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  if (stream.signupsExhausted > 0) say(`${stream.signupsExhausted} sign-ups became logins: every active customer has signed up to the app already`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`${stopping ? 'stopped early: ' : ''}sent ${sent} events to ${topic} at ${brokers.join(',')} in ${seconds} s: ${bySize(counts)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`[demo-events] ${err.message}\n${USAGE}`);
    else if (err instanceof StartupError) console.error(`[demo-events] ${err.message}`);
    else console.error(`[demo-events] failed: ${(err as Error).stack ?? err}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
