import { FatalError } from './fatal.error.js';
import { OperationalError } from './operational.error.js';
import { isTaxonomyError } from './taxonomy-error.js';
import { UserError } from './user.error.js';

test.each([
  [UserError, 'user', 'UserError'],
  [OperationalError, 'operational', 'OperationalError'],
  [FatalError, 'fatal', 'FatalError'],
] as const)('%p has its kind, code and safe message; the cause stays out of what is stored', (Cls, kind, name) => {
  const driver = Object.assign(new Error("Duplicate entry '010-1234-5678' for key 'uq_customer_mobile'"), { sql: 'INSERT …' });
  const err = new Cls('someCode', 'a safe sentence', { cause: driver });
  expect(err).toBeInstanceOf(Error);
  expect({ kind: err.kind, code: err.code, message: err.message, name: err.name }).toEqual({ kind, code: 'someCode', message: 'a safe sentence', name });
  expect(err.cause).toBe(driver);
  expect(err.toRecord()).toEqual({ kind, code: 'someCode', message: 'a safe sentence' });
  expect(JSON.stringify(err)).not.toMatch(/010-1234|INSERT|stack/);
  expect(isTaxonomyError(err)).toBe(true);
});

test('a taxonomy error from another copy of the module is recognised by its shape; look-alikes are not', () => {
  const foreign = Object.assign(new Error('x'), { kind: 'operational', code: 'deadlock', toRecord: () => ({}) });
  expect(isTaxonomyError(foreign)).toBe(true);
  expect(isTaxonomyError(Object.assign(new Error('x'), { kind: 'transient', code: 'x', toRecord: () => ({}) }))).toBe(false);
  expect(isTaxonomyError({ kind: 'user', code: 'x', toRecord: () => ({}) })).toBe(false);
  expect(isTaxonomyError('user')).toBe(false);
});
