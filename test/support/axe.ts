import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * axe-core (WCAG 2.1 A/AA rules) run inside a console page.
 *
 * The console's Content-Security-Policy refuses inline scripts, so
 * page.addScriptTag would be blocked (and reported as a violation). The
 * source is evaluated through the DevTools protocol instead (page.evaluate),
 * which the page's policy does not govern; nothing about the page changes.
 */
let axeSource: Promise<string> | undefined;
const source = (): Promise<string> => (axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

export interface AxeViolation {
  id: string;
  impact: 'critical' | 'serious';
  help: string;
  /** Each offending element: its CSS selector and the start of its HTML. */
  targets: string[];
}

type AxeResult = { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; html: string }[] };

/** Critical and serious violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(await source());
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeResult[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: (n.html ?? '').replace(/\s+/g, ' ').slice(0, 140) })),
    }));
  });
  return results
    .filter((v): v is AxeResult & { impact: 'critical' | 'serious' } => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => `${n.target.map(String).join(' ')} ${n.html ?? ''}`) }));
}

/** Counts per impact, counting each offending element once. */
export function axeCounts(violations: AxeViolation[]): { critical: number; serious: number } {
  const count = (impact: string) => violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.targets.length, 0);
  return { critical: count('critical'), serious: count('serious') };
}

/** One line per rule: id, impact, help and every target element. */
export function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.map((v) => `${where}: [${v.impact}] ${v.id} — ${v.help} — ${v.targets.join(' | ')}`);
}
