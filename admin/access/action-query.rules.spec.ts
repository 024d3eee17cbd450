import { checkActionQuery, type QueryAllowance } from './action-query.rules.js';

const allow: QueryAllowance = {
  resource: 'Staff',
  filterable: new Set(['email', 'role', 'createdAt']),
  sortable: new Set(['id', 'email']),
  searchable: new Set(['email']),
};

describe('checkActionQuery', () => {
  test.each([
    [{}, null],
    [{ 'filters.email': 'a', sortBy: 'email', direction: 'asc', page: '3', perPage: '50' }, null],
    [{ 'filters.createdAt~~from': '2026-01-01', 'filters.createdAt~~to': '2026-02-01' }, null],
    [{ filters: { email: 'a' } }, null],
    [{ tab: 'x', redirectUrl: '/admin', refresh: 'true' }, null],
  ])('%j is accepted', (query, expected) => {
    expect(checkActionQuery(query as Record<string, unknown>, allow)).toEqual(expected);
  });

  test.each([
    [{ 'filters.passwordHash': '$scrypt' }, 'filters.passwordHash'],
    [{ filters: { passwordHash: '$scrypt' } }, 'filters.passwordHash'],
    [{ filters: { passwordHash: { $like: 'a' } } }, 'filters.passwordHash.$like'],
    [{ 'filters.passwordHash~~from': 'a' }, 'filters.passwordHash~~from'],
    [{ 'filters.email~~sideways': 'a' }, 'filters.email~~sideways'],
    [{ 'filters.email': 'x'.repeat(201) }, 'filters.email'],
    [{ filters: 'email' }, 'filters'],
    [{ sortBy: 'passwordHash' }, 'sortBy'],
    [{ sortBy: ['email', 'id'] }, 'sortBy.0'],
    [{ direction: 'up' }, 'direction'],
    [{ searchProperty: 'passwordHash' }, 'searchProperty'],
    [{ page: '0' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ perPage: '1.5' }, 'perPage'],
    [{ perPage: '501' }, 'perPage'],
    [{ recordIds: '1,2,x;y' }, 'recordIds'],
    [{ a: { b: { c: { d: { e: '1' } } } } }, 'a.b.c.d.e'],
  ])('%j is refused, naming %s', (query, parameter) => {
    expect(checkActionQuery(query as Record<string, unknown>, allow)?.parameter).toBe(parameter);
  });
});
