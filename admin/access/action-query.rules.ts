import { flat } from 'adminjs';

/** What a role may put in the query of a list or search request on one resource. */
export interface QueryAllowance {
  resource: string;
  filterable: ReadonlySet<string>;
  sortable: ReadonlySet<string>;
  searchable: ReadonlySet<string>;
}

export interface QueryProblem {
  parameter: string;
  message: string;
}

export const maxPerPage = 500;
const maxPage = 100_000;
const maxDepth = 4;
const maxRecordIds = 500;

const positiveInt = (v: unknown, max: number) => typeof v === 'string' && /^[1-9]\d{0,8}$/.test(v) && Number(v) <= max;

/**
 * Checks the query of an AdminJS action against the role's allow-lists, in
 * every syntax AdminJS accepts: `filters.p=...` and `filters[p]=...` (Express
 * parses brackets into nested objects, which AdminJS flattens again), range
 * suffixes (`filters.p~~from`), `sortBy`, `searchProperty`, and the paging
 * numbers. Pure; the first problem found is returned, naming the parameter.
 * Parameters AdminJS does not read are left alone.
 */
export function checkActionQuery(query: Record<string, unknown> | undefined, allow: QueryAllowance): QueryProblem | null {
  if (!query) return null;
  let flatQuery: Record<string, unknown>;
  try {
    flatQuery = flat.flatten(query, { safe: false }) as Record<string, unknown>;
  } catch {
    return { parameter: 'query', message: 'the query string could not be read' };
  }
  for (const [key, value] of Object.entries(flatQuery)) {
    if (key.split('.').length > maxDepth) return { parameter: key, message: `${key}: parameters may not be nested this deeply` };
    if (key === 'filters' || key.startsWith('filters.')) {
      const name = key.slice('filters.'.length);
      const property = name.split('~~')[0]!;
      const suffix = name.slice(property.length);
      if (!allow.filterable.has(property) || (suffix !== '' && suffix !== '~~from' && suffix !== '~~to')) {
        return { parameter: key, message: `${key}: ${allow.resource} cannot be filtered by "${name}" (allowed: ${[...allow.filterable].join(', ')})` };
      }
      if (typeof value !== 'string' || value.length > 200) return { parameter: key, message: `${key}: a filter value must be one text of at most 200 characters` };
      continue;
    }
    switch (key) {
      case 'sortBy':
        if (typeof value !== 'string' || !allow.sortable.has(value)) {
          return { parameter: key, message: `sortBy: ${allow.resource} cannot be sorted by "${String(value)}" (allowed: ${[...allow.sortable].join(', ')})` };
        }
        break;
      case 'direction':
        if (value !== 'asc' && value !== 'desc') return { parameter: key, message: 'direction: must be "asc" or "desc"' };
        break;
      case 'searchProperty':
        if (typeof value !== 'string' || !allow.searchable.has(value)) {
          return { parameter: key, message: `searchProperty: ${allow.resource} cannot be searched by "${String(value)}" (allowed: ${[...allow.searchable].join(', ')})` };
        }
        break;
      case 'page':
        if (!positiveInt(value, maxPage)) return { parameter: key, message: `page: must be a whole number from 1 to ${maxPage}` };
        break;
      case 'perPage':
        if (!positiveInt(value, maxPerPage)) return { parameter: key, message: `perPage: must be a whole number from 1 to ${maxPerPage}` };
        break;
      case 'recordIds': {
        const ids = typeof value === 'string' ? value.split(',') : [];
        if (ids.length === 0 || ids.length > maxRecordIds || ids.some((id) => !/^[\w-]{1,64}$/.test(id))) {
          return { parameter: key, message: `recordIds: a comma-separated list of at most ${maxRecordIds} record ids` };
        }
        break;
      }
      default:
        if (['sortBy.', 'direction.', 'searchProperty.', 'page.', 'perPage.', 'recordIds.'].some((p) => key.startsWith(p))) {
          return { parameter: key, message: `${key.split('.')[0]}: must be a single value` };
        }
    }
  }
  return null;
}
