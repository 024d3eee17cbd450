/**
 * `npm start`: the whole platform in one process, with progress printed.
 * Ctrl-C (SIGINT) or SIGTERM stops everything it started, broker included.
 */
import { loadConfig } from '../engine/config/load-config.js';
import { StartupError } from '../engine/config/config.error.js';
import { createLogger } from '../engine/observability/logger.js';
import { startPlatform, type RunningPlatform } from '../engine/runtime/platform.js';
import { demoStaff } from '../seeds/demo-staff.js';

const t0 = Date.now();
const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.secrets, process.stdout.isTTY && config.env !== 'production');
  if (config.auth.sessionSecretGenerated) say('SESSION_SECRET not set: using a random one for this run (sessions end on restart)');

  let platform: RunningPlatform | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, stopping...`);
    const force = setTimeout(() => {
      say('stop took over 30 s, exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    await platform?.stop();
    say('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  platform = await startPlatform(config, logger, say);
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (platform.adminUrl) {
    say(`console: ${platform.adminUrl}`);
    if (config.seed.demo) {
      say(`demo accounts (password: ${config.seed.demoPassword}):`);
      const seen = new Set<string>();
      for (const s of demoStaff) {
        if (seen.has(s.role)) continue;
        seen.add(s.role);
        say(`  ${s.role.padEnd(11)} ${s.email}`);
      }
    }
  }
  say('press Ctrl-C to stop');
}

main().catch((err) => {
  if (err instanceof StartupError) process.stderr.write(`[start] cannot start: ${err.message}\n`);
  else process.stderr.write(`[start] failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
