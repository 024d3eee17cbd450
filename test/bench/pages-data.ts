/**
 * The page benchmark's database (`bench_pages` unless BENCH_DB_NAME says
 * otherwise): the same data as `npm run bench:segments` makes, through the
 * same loaders — migrations, the demo seed (staff, catalogue, templates,
 * published demo segments, 1,000 demo customers), 1,000,000 benchmark
 * customers (bench-loader.ts), then tags, 48 products, ~2.9 M holdings and
 * 10 M behaviour events (bench-segment-data.ts). Every step is skipped when
 * done and resumed when cut off, so a second run starts in seconds.
 *
 * Can be run alone (`npx tsx test/bench/pages-data.ts`) to load the data
 * without measuring.
 */
import { loadConfig, type AppConfig } from '../../engine/config/load-config.js';
import { connectDatabase, runMigrations } from '../../engine/db/data-source.js';
import { PiiCipher } from '../../engine/crypto/pii-cipher.js';
import { resolvePiiKey } from '../../engine/crypto/pii-key.js';
import { createDomainServices } from '../../resources/domain-services.js';
import { seedDemo } from '../../seeds/run-seed.js';
import { topUpCustomers, type LoadReport } from './bench-loader.js';
import { loadSegmentData, type SegmentLoadReport } from './bench-segment-data.js';
import type { DataSource } from 'typeorm';

export const pagesDb = {
  name: process.env.BENCH_DB_NAME ?? 'bench_pages',
  customers: Number(process.env.BENCH_CUSTOMERS ?? 1_000_000),
  /** Key of the throwaway bench database only ("bench-only-pii-key-not-a-secret-32b"), the same as the other benchmarks. */
  piiKey: process.env.BENCH_PII_KEY ?? 'YmVuY2gtb25seS1waWkta2V5LW5vdC1hLXNlY3JldC0zMmI=',
  demoPassword: 'Bench-pass-2026',
  demoCustomers: 1000,
};

export interface PagesData {
  ds: DataSource;
  config: AppConfig;
  customers: LoadReport;
  data: SegmentLoadReport;
  seconds: number;
}

type Log = (line: string) => void;

export async function preparePagesDatabase(log: Log): Promise<PagesData> {
  const config = loadConfig({ ...process.env, DB_NAME: pagesDb.name, PII_KEY: pagesDb.piiKey });
  log(`database ${config.db.database} on ${config.db.host}:${config.db.port}`);
  const t0 = Date.now();
  const ds = await connectDatabase(config.db);
  try {
    const applied = await runMigrations(ds);
    if (applied.length) log(`migrations applied: ${applied.length}`);
    const cipher = new PiiCipher(resolvePiiKey(config));
    await seedDemo(createDomainServices(ds, cipher), { demoPassword: pagesDb.demoPassword, customers: pagesDb.demoCustomers });
    const customers = await topUpCustomers(config.db, cipher, pagesDb.customers, log);
    log(customers.loaded ? `loaded ${customers.loaded.toLocaleString('en')} customers in ${customers.seconds.toFixed(1)} s` : 'customer table already at target: no load');
    if (customers.benchCustomers === 0) throw new Error('no benchmark customers in the table (BENCH_CUSTOMERS too small?)');
    const data = await loadSegmentData(config.db, customers.benchCustomers, log);
    return { ds, config, customers, data, seconds: (Date.now() - t0) / 1000 };
  } catch (err) {
    await ds.destroy();
    throw err;
  }
}

/** Rows and on-disk size (data + indexes, InnoDB's estimate) of the bench database. */
export async function describePagesDatabase(ds: DataSource, database: string): Promise<string[]> {
  const [counts] = await ds.query(`SELECT (SELECT COUNT(*) FROM customer) customers, (SELECT COUNT(*) FROM holding) holdings,
    (SELECT COUNT(*) FROM behaviour_event) events, (SELECT COUNT(*) FROM product) products, (SELECT COUNT(*) FROM segment) segments`);
  const [size] = await ds.query(
    `SELECT ROUND(SUM(data_length + index_length) / 1048576) mb, ROUND(SUM(data_free) / 1048576) free_mb FROM information_schema.tables WHERE table_schema = ?`,
    [database],
  );
  const [server] = await ds.query('SELECT VERSION() version, @@innodb_buffer_pool_size pool');
  const n = (v: unknown) => Number(v).toLocaleString('en');
  return [
    `rows: ${n(counts.customers)} customers, ${n(counts.holdings)} holdings, ${n(counts.events)} behaviour events, ${n(counts.products)} products, ${n(counts.segments)} segments`,
    `database size (data + indexes): ${n(size.mb)} MB; MariaDB ${server.version}, buffer pool ${Math.round(Number(server.pool) / 2 ** 20)} MB`,
  ];
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const say = (line: string) => process.stdout.write(`[bench:pages] ${line}\n`);
  preparePagesDatabase(say).then(
    async ({ ds, config, seconds }) => {
      for (const line of await describePagesDatabase(ds, config.db.database)) say(line);
      say(`prepared in ${seconds.toFixed(0)} s`);
      await ds.destroy();
    },
    (err) => {
      process.stderr.write(`[bench:pages] failed: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
