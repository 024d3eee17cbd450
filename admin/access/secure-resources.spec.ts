import { ForbiddenError, ValidationError, type ActionContext, type ActionRequest, type Before } from 'adminjs';
import { guardHooks } from './secure-resources.js';
import { BadRequestError } from './bad-request.error.js';

/**
 * AdminJS runs `before` hooks before its own `isAccessible` check. A hook
 * that validates (and answers with the record inside a validation error)
 * must therefore never run for a role that may not call the action.
 */
const record = { params: { email: 'someone@bank' }, toJSON: () => ({ params: { email: 'someone@bank' } }) };
const context = (accessible: boolean) =>
  ({
    action: { isAccessible: () => accessible, name: 'edit' },
    currentAdmin: { id: 1, role: 'banker', email: 'b@bank' },
    record,
    resource: { id: () => 'Unregistered' },
  }) as unknown as ActionContext;

async function runBefore(hooks: Before | Before[] | undefined, request: ActionRequest, ctx: ActionContext) {
  let req = request;
  for (const hook of [hooks ?? []].flat()) req = await hook(req, ctx);
  return req;
}

describe('guardHooks', () => {
  let ownHookRan = false;
  const validatingHook: Before = async () => {
    ownHookRan = true;
    throw new ValidationError({ email: { message: 'invalid' } });
  };
  const guarded = guardHooks({ before: validatingHook }, async (r) => r);
  beforeEach(() => {
    ownHookRan = false;
  });

  test('a forbidden caller is refused before the resource hook runs', async () => {
    await expect(runBefore(guarded.before, { method: 'post', params: {} } as ActionRequest, context(false))).rejects.toBeInstanceOf(ForbiddenError);
    expect(ownHookRan).toBe(false);
  });

  test('an allowed caller reaches the resource hook', async () => {
    await expect(runBefore(guarded.before, { method: 'post', params: {} } as ActionRequest, context(true))).rejects.toBeInstanceOf(ValidationError);
    expect(ownHookRan).toBe(true);
  });

  test('the query is checked before the resource hook, against an empty allow-list for an unknown resource', async () => {
    const request = { method: 'get', params: {}, query: { sortBy: 'passwordHash' } } as unknown as ActionRequest;
    await expect(runBefore(guarded.before, request, context(true))).rejects.toBeInstanceOf(BadRequestError);
    expect(ownHookRan).toBe(false);
  });
});
