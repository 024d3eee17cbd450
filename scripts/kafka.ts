/**
 * Runs a local Apache Kafka broker in the foreground until Ctrl-C.
 *
 *   npm run kafka                      # 127.0.0.1:9092, data kept in .kafka/data-9092
 *   npm run kafka -- --port 19092      # a second, independent broker
 *   npm run kafka -- --fresh           # start from an empty cluster
 *
 * SIGINT/SIGTERM stop the broker cleanly before this process exits, so no
 * java process is left behind.
 */
import { parseArgs } from 'node:util';
import { startKafka, type RunningKafka } from '../docker/kafka/launcher.js';

const USAGE = 'usage: tsx scripts/kafka.ts [--port 9092] [--controller-port 9093] [--data-dir DIR] [--heap-mb 512] [--fresh]';

function parseCli(): Parameters<typeof startKafka>[0] {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'controller-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'heap-mb': { type: 'string' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    port: toInt('--port', values.port),
    controllerPort: toInt('--controller-port', values['controller-port']),
    dataDir: values['data-dir'],
    heapMb: toInt('--heap-mb', values['heap-mb']),
    freshData: values.fresh ?? false,
    log: (line) => console.log(line),
  };
}

function toInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got "${value}"\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const options = parseCli();
  let kafka: RunningKafka | undefined;
  let stoppingSince: number | undefined;

  // Handlers go in before the (possibly long) start, so Ctrl-C during the
  // start still stops a broker that has already been spawned.
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== undefined) {
      // One Ctrl-C reaches this process several times: from the terminal and
      // relayed again by wrappers (npm, tsx). Only a deliberate second press
      // forces the exit (the launcher's exit hook then SIGKILLs the broker).
      if (Date.now() - stoppingSince < 2_000) return;
      console.log(`kafka: ${signal} again, killing the broker`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    console.log(`kafka: ${signal} received, stopping broker...`);
    // Without a broker yet, exiting runs the launcher's exit safety net, which kills any JVM spawned so far.
    if (!kafka) process.exit(130);
    kafka.stop().then(
      () => {
        console.log('kafka: stopped');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  kafka = await startKafka(options);
  console.log(`kafka: ready — bootstrap servers ${kafka.brokers.join(',')} (pid ${kafka.pid}); Ctrl-C to stop`);

  const { code, signal } = await kafka.exited;
  if (stoppingSince === undefined) {
    console.error(`kafka: broker exited unexpectedly (${signal ?? `exit code ${code}`}); see broker.log in its data directory`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
