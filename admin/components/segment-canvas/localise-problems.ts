import { isSegmentProblemCode, renderSegmentProblemForUi, type ProblemText } from '../../../engine/definitions/segment/segment-problems.js';
import { labelOr, type Translate } from './canvas-context.js';

/** Path segments whose label key differs from their name. */
const labelKeyOf: Record<string, string> = { segmentId: 'param_segment', property: 'filter_property' };

/**
 * The label of the parameter a problem is about, as the side panel calls it:
 * its last named path segment, after the property filter's number when it is
 * inside one ("where.0.value" -> "이벤트 속성 필터 1 · 값").
 */
function pathLabel(path: string | undefined, t: Translate): string | undefined {
  const last = path
    ?.split('.')
    .reverse()
    .find((p) => !/^\d+$/.test(p));
  if (!last || last === 'root' || last === 'definition' || last === 'graph') return undefined;
  const label = labelOr(t, labelKeyOf[last] ?? `param_${last}`, last);
  const filter = /(?:^|\.)where\.(\d+)(?:\.|$)/.exec(path ?? '');
  return filter ? `${t('filter_title')} ${Number(filter[1]) + 1} · ${label}` : label;
}

/**
 * The compiler's and the server's problems in the console's language, the
 * same in both: each problem is rendered from its code and parameters,
 * prefixed with the parameter's label as the side panel calls it where it
 * is about one — never a schema path such as "root.children.0.op" (the API's
 * English `message` carries those for integrators). A problem without a
 * known code (an old server, a proxy's error) keeps its message, without a
 * leading path.
 */
export function localiseProblems<T extends ProblemText & { path?: string }>(problems: T[], language: string, t: Translate): T[] {
  const lang = language.startsWith('en') ? 'en' : 'ko';
  return problems.map((p) => {
    if (!isSegmentProblemCode(p.code)) return { ...p, message: p.message.replace(/^(?:definition|graph|root)(?:\.[\w-]+)*: /, '') };
    const label = pathLabel(p.path, t);
    const text = renderSegmentProblemForUi(p.code, p.params, lang);
    return { ...p, message: label ? `${label}: ${text}` : text };
  });
}
