import { benchBranches, benchCustomerNo, benchEmail, benchMobile, benchName, benchRegions, commonSurnames, propensities, unit } from './bench-customers.js';

export type Params = Record<string, unknown>;

/** A request of the customer list action, as the list page sends it. */
export interface ListQuery {
  filters: Record<string, string>;
  page?: number;
  sortBy?: 'id' | 'customerNo' | 'name';
  direction?: 'asc' | 'desc';
}

/** One request of a scenario and what its answer must contain. */
export interface Sample {
  list?: ListQuery;
  /** Term of the reference pickers' search action (instead of `list`). */
  search?: string;
  /** Id of a customer whose 360 page data (`profile360`) is loaded (instead of `list`). */
  view360?: number;
  /** Every returned record must pass this (the filter really filtered). */
  each?: (p: Params) => boolean;
  /** This customer number must be among the records (the look-up found its customer). */
  find?: string;
}

export interface Scenario {
  name: string;
  /** Sample k; most scenarios vary their terms with k so a warm cache of one page does not flatter the figures. */
  sample(k: number): Sample;
}

const prefixOf = (field: string, prefix: string) => (p: Params) => String(p[field] ?? '').startsWith(prefix);
const equals = (field: string, value: string) => (p: Params) => p[field] === value;

/**
 * The scenarios over benchmark customers B0000001..B<n>: the list page
 * unfiltered, each kind of filter, and every look-up a banker does at the
 * counter (name, customer number, mobile, e-mail, the reference picker).
 */
export function customerScenarios(n: number, demoCustomers: number): Scenario[] {
  /** A customer picked from the whole table (not only recent rows), optionally one with a given contact detail. */
  const row = (k: number, salt: number, has: (i: number) => boolean = () => true) => {
    let i = 1 + Math.floor(unit(k, 1000 + salt) * n);
    while (!has(i)) i = (i % n) + 1;
    return i;
  };
  const choose = <T>(values: readonly T[], k: number, salt: number) => values[Math.floor(unit(k, 2000 + salt) * values.length)]!;
  const realPropensities = propensities.flatMap(([p]) => (p ? [p] : []));

  return [
    { name: 'first page', sample: () => ({ list: { filters: {} } }) },
    { name: 'page 50', sample: () => ({ list: { filters: {}, page: 50 } }) },
    { name: 'sort by name (asc)', sample: () => ({ list: { filters: {}, sortBy: 'name', direction: 'asc' } }) },
    { name: 'sort by customerNo (desc)', sample: () => ({ list: { filters: {}, sortBy: 'customerNo', direction: 'desc' } }) },
    { name: 'status=DORMANT', sample: () => ({ list: { filters: { status: 'DORMANT' } }, each: equals('status', 'DORMANT') }) },
    {
      name: 'region+propensity',
      sample: (k) => {
        const region = choose(benchRegions, k, 1),
          propensity = choose(realPropensities, k, 2);
        return { list: { filters: { region, propensity } }, each: (p) => p.region === region && p.propensity === propensity };
      },
    },
    {
      name: 'branchCode',
      sample: (k) => {
        const branch = choose(benchBranches, k, 3);
        return { list: { filters: { branchCode: branch } }, each: equals('branchCode', branch) };
      },
    },
    {
      name: 'name prefix (surname)',
      sample: (k) => {
        const surname = choose(commonSurnames, k, 4);
        return { list: { filters: { name: surname } }, each: prefixOf('name', surname) };
      },
    },
    {
      name: 'full name',
      sample: (k) => {
        const name = benchName(row(k, 5));
        return { list: { filters: { name } }, each: prefixOf('name', name) };
      },
    },
    {
      name: 'customerNo exact',
      sample: (k) => {
        const no = benchCustomerNo(row(k, 6));
        return { list: { filters: { customerNo: no } }, each: equals('customerNo', no), find: no };
      },
    },
    {
      name: 'customerNo prefix (6 chars)',
      sample: (k) => {
        const prefix = benchCustomerNo(row(k, 7)).slice(0, 6);
        return { list: { filters: { customerNo: prefix } }, each: prefixOf('customerNo', prefix) };
      },
    },
    {
      name: 'mobile',
      sample: (k) => {
        const i = row(k, 8, (x) => benchMobile(x) !== null);
        return { list: { filters: { mobile: benchMobile(i)! } }, find: benchCustomerNo(i), each: equals('customerNo', benchCustomerNo(i)) };
      },
    },
    {
      name: 'email',
      sample: (k) => {
        const i = row(k, 9, (x) => benchEmail(x) !== null);
        return { list: { filters: { email: benchEmail(i)! } }, find: benchCustomerNo(i), each: equals('customerNo', benchCustomerNo(i)) };
      },
    },
    {
      name: 'search: customerNo',
      sample: (k) => {
        const no = benchCustomerNo(row(k, 10));
        return { search: no.slice(0, 7), each: prefixOf('customerNo', no.slice(0, 7)), find: no };
      },
    },
    {
      name: 'search: name',
      sample: (k) => {
        const name = benchName(row(k, 11));
        return { search: name, each: prefixOf('name', name) };
      },
    },
    {
      // The seeded demo customers (ids 1..demoCustomers, inserted before the
      // top-up) are the ones with holdings, events and status history.
      name: 'customer 360 page data',
      sample: (k) => ({ view360: 1 + Math.floor(unit(k, 3000) * demoCustomers) }),
    },
  ];
}

function listPath(q: ListQuery): string {
  const params = new URLSearchParams({ page: String(q.page ?? 1), perPage: '20', sortBy: q.sortBy ?? 'id', direction: q.direction ?? 'desc' });
  for (const [k, v] of Object.entries(q.filters)) params.set(`filters.${k}`, v);
  return `/admin/api/resources/Customer/actions/list?${params}`;
}

export function samplePath(s: Sample): string {
  if (s.view360 !== undefined) return `/admin/api/resources/Customer/records/${s.view360}/profile360`;
  return s.list ? listPath(s.list) : `/admin/api/resources/Customer/search/${encodeURIComponent(s.search ?? '')}`;
}
