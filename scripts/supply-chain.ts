/**
 * Supply chain check, run by CI before the tests:
 *
 * 1. writes a CycloneDX SBOM of the production dependencies (`npm sbom`) to
 *    `test-results/sbom.cdx.json`, the inventory a bank's vulnerability
 *    management works from;
 * 2. runs `npm audit` on the production dependencies and says plainly which
 *    of three things happened: the advisory service answered and nothing at
 *    or above AUDIT_FAIL_LEVEL (default `critical`) was found; it answered and
 *    something was (exit 1, listing the packages); or it could not be reached
 *    (exit 0, with a loud line saying the audit did NOT run — never a silent pass).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const levels = ['info', 'low', 'moderate', 'high', 'critical'] as const;
type Level = (typeof levels)[number];
const failLevel = (process.env.AUDIT_FAIL_LEVEL ?? 'critical') as Level;
if (!levels.includes(failLevel)) throw new Error(`AUDIT_FAIL_LEVEL must be one of ${levels.join(', ')}`);
const say = (line: string) => process.stdout.write(`[supply-chain] ${line}\n`);
const npm = (args: string[]) => spawnSync('npm', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });

mkdirSync('test-results', { recursive: true });
const sbom = npm(['sbom', '--omit', 'dev', '--sbom-format', 'cyclonedx', '--sbom-type', 'application']);
if (sbom.status !== 0) {
  say(`SBOM could not be written: ${sbom.stderr.trim().split('\n').pop()}`);
  process.exit(1);
}
const components = (JSON.parse(sbom.stdout) as { components?: unknown[] }).components?.length ?? 0;
writeFileSync('test-results/sbom.cdx.json', sbom.stdout);
say(`SBOM (CycloneDX) of ${components} production components written to test-results/sbom.cdx.json`);

const audit = npm(['audit', '--omit', 'dev', '--json']);
let report: {
  vulnerabilities?: Record<string, { severity: Level; via: unknown[] }>;
  metadata?: { vulnerabilities?: Record<Level, number> };
  message?: string;
  error?: { summary?: string };
} = {};
try {
  report = JSON.parse(audit.stdout || '{}');
} catch {
  report = {};
}
if (!report.metadata?.vulnerabilities) {
  const why =
    report.message ??
    report.error?.summary ??
    audit.stderr
      .trim()
      .split('\n')
      .find((l) => l.includes('error')) ??
    `npm audit exited with ${audit.status}`;
  say(`VULNERABILITY AUDIT NOT RUN: the advisory service could not be reached (${why}). The SBOM above is the input for an offline scan.`);
  process.exit(0);
}
const counts = report.metadata.vulnerabilities;
say(`vulnerability audit of production dependencies: ${levels.map((l) => `${l} ${counts[l] ?? 0}`).join(', ')}`);
const blocking = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => levels.indexOf(v.severity) >= levels.indexOf(failLevel));
for (const [name, v] of blocking) say(`  ${v.severity}: ${name}`);
if (blocking.length) {
  say(`${blocking.length} package(s) at or above "${failLevel}": fix or document them before release`);
  process.exit(1);
}
