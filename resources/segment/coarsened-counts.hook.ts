import type { Action, ActionContext, ActionRequest, After, ActionResponse } from 'adminjs';
import { shownCount } from '../../engine/segments/count-disclosure.js';
import { countDisclosureFor } from './count-disclosure-for.js';

type RecordJson = { params?: Record<string, unknown> };
type ActionOptions = Partial<Action<ActionResponse>>;

/**
 * Member counts in the console (segment list and page, version history) as
 * the live count shows them: below SEGMENT_MIN_AUDIENCE a role that sees
 * customers masked reads `< N`, never the number, on every action that
 * returns segment records (list, show, search, edit, lifecycle actions).
 */
export function withCoarsenedCounts(actions: Record<string, ActionOptions>, property: string): Record<string, ActionOptions> {
  const hook: After<ActionResponse> = async (response, _request: ActionRequest, context: ActionContext) => {
    const d = countDisclosureFor(context.currentAdmin);
    if (d.kind === 'exact') return response;
    const coarsen = (record: RecordJson | undefined) => {
      const value = record?.params?.[property];
      if (record?.params && value !== undefined && value !== null && value !== '' && shownCount(Number(value), d) === null) {
        record.params[property] = `< ${d.minAudience}`;
      }
    };
    coarsen(response.record as RecordJson | undefined);
    for (const r of (response.records as RecordJson[] | undefined) ?? []) coarsen(r);
    return response;
  };
  return Object.fromEntries(
    Object.entries(actions).map(([name, a]) => {
      const own = a.after;
      const after: After<ActionResponse>[] = [...(Array.isArray(own) ? own : own ? [own] : []), hook];
      return [name, { ...a, after }];
    }),
  );
}
