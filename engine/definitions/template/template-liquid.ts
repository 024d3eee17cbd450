import { analyzeSync, ForTag, Liquid, toValueSync, Value, type Template, type Token, type Variable } from 'liquidjs';
import { templateProblemAt, type TemplateProblem } from './template-problems.js';
import { allowedFilters, allowedTags, forloopFields, recommendationFields, templateVariables, type TemplateChannel } from './template-variables.js';

/**
 * Liquid, closed down for message templates (pure: no file system is ever
 * read, because every tag that reads one is removed).
 *
 * - `createTemplateLiquid({ html })` is the engine that renders: unknown
 *   variables and filters throw (`strictVariables`, `strictFilters`), only
 *   own properties are read, and with `html` every `{{ }}` output is
 *   HTML-escaped (and `raw`, the one filter that would skip that, is gone).
 * - `checkLiquidText(text, path, channel)` is the save-time check: it parses
 *   once and reports every unknown variable, filter and loop with its line
 *   and column, instead of stopping at the first as a render would.
 */

const allowedFilterSet = new Set<string>(allowedFilters);
const allowedTagSet = new Set<string>(allowedTags);

function closeDown(liquid: Liquid): Liquid {
  for (const name of Object.keys(liquid.filters)) if (!allowedFilterSet.has(name)) liquid.unregisterFilter(name);
  for (const name of Object.keys(liquid.tags)) if (!allowedTagSet.has(name)) delete liquid.tags[name];
  return liquid;
}

const common = {
  ownPropertyOnly: true,
  // Bounds on what a template can make the engine do (characters parsed, characters allocated by filters).
  parseLimit: 200_000,
  memoryLimit: 10_000_000,
} as const;

/** The rendering engine: strict, and for e-mail HTML escaping every output. */
export function createTemplateLiquid(options: { html: boolean }): Liquid {
  return closeDown(new Liquid({ ...common, strictVariables: true, strictFilters: true, ...(options.html ? { outputEscape: 'escape' as const } : {}) }));
}

/** Parsing only: unknown filters parse (so that each can be reported with its place), unknown tags do not. */
const checker = closeDown(new Liquid({ ...common, strictFilters: false }));

export interface LiquidCheck {
  problems: TemplateProblem[];
  /** The text refers to `recommendations`. */
  usesRecommendations: boolean;
}

const catalogue = Object.keys(templateVariables).join(', ');
const fieldsOf = (root: string) =>
  Object.keys(templateVariables)
    .filter((path) => path.startsWith(`${root}.`))
    .join(', ');
const itemFields = (name: string) =>
  Object.keys(recommendationFields)
    .map((f) => `${name}.${f}`)
    .join(', ');

/** "line:2, col:5" at the end of liquidjs messages, and the message without it. */
export function liquidErrorPosition(error: unknown): { reason: string; at?: { row: number; col: number } } {
  const message = error instanceof Error ? error.message : String(error);
  const m = /,? line:(\d+), col:(\d+)\s*$/.exec(message);
  const reason = (m ? message.slice(0, m.index) : message).split('\n')[0]!;
  return m ? { reason, at: { row: Number(m[1]), col: Number(m[2]) } } : { reason };
}

/** The text of a variable for messages, e.g. customer.name or recommendations[0].url. */
const shown = (v: Variable) => v.toString();

export function checkLiquidText(text: string, path: string, channel: TemplateChannel): LiquidCheck {
  const problems: TemplateProblem[] = [];
  let usesRecommendations = false;
  let templates: Template[];
  try {
    templates = checker.parse(text);
  } catch (error) {
    const { reason, at } = liquidErrorPosition(error);
    const tag = /^tag "(.+)" not found/.exec(reason);
    const problem = tag ? templateProblemAt(path, 'tagNotAllowed', { tag: tag[1]!, values: allowedTags.join(', ') }, at) : templateProblemAt(path, 'liquidSyntax', { reason }, at);
    return { problems: [problem], usesRecommendations: /\brecommendations\b/.test(text) };
  }

  const at = (v: Variable) => ({ row: v.location.row, col: v.location.col });
  const unknown = (v: Variable, values = catalogue) => problems.push(templateProblemAt(path, 'unknownVariable', { variable: shown(v), values }, at(v)));
  const whole = (v: Variable, values: string) => problems.push(templateProblemAt(path, 'wholeObject', { variable: shown(v), values }, at(v)));
  const isSize = (s: unknown) => s === 'size';

  /** A global: customer.*, bank.*, message.* or recommendations. */
  function checkGlobal(v: Variable) {
    const segments = v.segments;
    if (segments.some((s) => typeof s !== 'string' && typeof s !== 'number')) {
      return problems.push(templateProblemAt(path, 'dynamicLookup', { variable: shown(v) }, at(v)));
    }
    const [root, field, ...rest] = segments as Array<string | number>;
    if (root === 'recommendations') {
      usesRecommendations = true;
      if (field === undefined || (isSize(field) && rest.length === 0)) return;
      // A message is sent with one to three recommendations: only the first (and last) always exists.
      const isItem = field === 'first' || field === 'last' || field === 0;
      if (typeof field === 'number') {
        if (!isItem) return problems.push(templateProblemAt(path, 'recommendationIndex', { variable: shown(v), values: 'recommendations.first' }, at(v)));
      } else if (!isItem) return unknown(v, `recommendations, recommendations.size, ${itemFields('recommendations.first')}`);
      if (rest.length === 0) return whole(v, itemFields(`recommendations.${String(field)}`));
      if (!(String(rest[0]) in recommendationFields) || rest.length > 2 || (rest.length === 2 && !isSize(rest[1])))
        return unknown(v, itemFields(`recommendations.${String(field)}`));
      return;
    }
    if (root === 'customer' || root === 'bank' || root === 'message') {
      if (field === undefined) return whole(v, fieldsOf(root));
      const key = `${root}.${String(field)}`;
      if (!Object.prototype.hasOwnProperty.call(templateVariables, key) || rest.length > 1 || (rest.length === 1 && !isSize(rest[0]))) return unknown(v);
      const channels: readonly TemplateChannel[] = templateVariables[key as keyof typeof templateVariables].channels;
      if (!channels.includes(channel)) problems.push(templateProblemAt(path, 'variableNotForChannel', { variable: key, channels: channels.join(', ') }, at(v)));
      return;
    }
    return unknown(v);
  }

  /** Inside `{% for item in recommendations %}`: item.<field> and forloop.<field>. */
  function checkLoopBody(loop: ForTag) {
    const inner = analyzeSync(loop.templates, { partials: false }).globals;
    for (const v of inner[loop.variable] ?? []) {
      const [, field, ...rest] = v.segments;
      if (v.segments.some((s) => typeof s !== 'string' && typeof s !== 'number')) problems.push(templateProblemAt(path, 'dynamicLookup', { variable: shown(v) }, at(v)));
      else if (field === undefined) whole(v, itemFields(loop.variable));
      else if (!(String(field) in recommendationFields) || rest.length > 1 || (rest.length === 1 && !isSize(rest[0]))) unknown(v, itemFields(loop.variable));
    }
    if (loop.variable !== 'forloop') {
      for (const v of inner['forloop'] ?? []) {
        const [, field, ...rest] = v.segments;
        if (typeof field !== 'string' || !(forloopFields as readonly string[]).includes(field) || rest.length > 0) unknown(v, forloopFields.map((f) => `forloop.${f}`).join(', '));
      }
    }
  }

  function walk(list: Template[]) {
    for (const template of list) {
      if (template.arguments) {
        for (const arg of template.arguments()) {
          if (!(arg instanceof Value)) continue;
          for (const filter of arg.filters) {
            if (allowedFilterSet.has(filter.name)) continue;
            // The filter's token is private in liquidjs' types, public at run time.
            const [row, col] = (filter as unknown as { token: Token }).token.getPosition();
            problems.push(templateProblemAt(path, 'unknownFilter', { filter: filter.name, values: allowedFilters.join(', ') }, { row, col }));
          }
        }
      }
      if (template instanceof ForTag) {
        const collection = template.collection.getText().trim();
        if (collection !== 'recommendations') {
          const [row, col] = template.token.getPosition();
          problems.push(templateProblemAt(path, 'loopOverRecommendations', { collection }, { row, col }));
        } else {
          checkLoopBody(template);
        }
      }
      if (template.children) walk(toValueSync(template.children(false, true)));
    }
  }

  try {
    const analysis = analyzeSync(templates, { partials: false });
    for (const occurrences of Object.values(analysis.globals)) for (const v of occurrences) checkGlobal(v);
    walk(templates);
  } catch (error) {
    // The analysis of a parsed template is not expected to fail; if it does, the template is not saved.
    problems.push(templateProblemAt(path, 'liquidSyntax', { reason: liquidErrorPosition(error).reason }));
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { problems, usesRecommendations };
}
