import { includesSelf, selfEditErrors, sessionEndingReason } from './staff-rules.js';

const admin = { role: 'admin' as const, active: true };

test('an administrator may not demote or deactivate their own account; others may', () => {
  expect(Object.keys(selfEditErrors(7, 7, admin, { role: 'banker', active: true }))).toEqual(['role']);
  expect(Object.keys(selfEditErrors(7, 7, admin, { role: 'admin', active: false }))).toEqual(['active']);
  expect(selfEditErrors(7, 7, admin, admin)).toEqual({});
  expect(selfEditErrors(8, 7, admin, { role: 'banker', active: false })).toEqual({});
  expect(includesSelf(7, [3, 7])).toBe(true);
  expect(includesSelf(7, [3])).toBe(false);
  expect(includesSelf(null, [3])).toBe(false);
});

test('password, role and deactivation end sessions; other edits do not', () => {
  expect(sessionEndingReason(admin, admin, true)).toBe('password');
  expect(sessionEndingReason(admin, { role: 'manager', active: true }, false)).toBe('role');
  expect(sessionEndingReason(admin, { role: 'admin', active: false }, false)).toBe('deactivated');
  expect(sessionEndingReason(admin, admin, false)).toBeNull();
  expect(sessionEndingReason({ role: 'admin', active: false }, admin, false)).toBeNull();
});
