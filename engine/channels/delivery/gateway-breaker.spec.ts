import { FatalError, OperationalError, UserError } from '../../errors/index.js';
import { GatewayBreaker, GatewayCircuitOpenError } from './gateway-breaker.js';

/** The breaker's error handling with a scripted call (no gateway): what counts, what is rethrown. */
function scripted(outcomes: Array<Error | string>) {
  let calls = 0;
  const call = async (): Promise<string> => {
    const next = outcomes[calls++] ?? 'ok';
    if (next instanceof Error) throw next;
    return next;
  };
  return { call, calls: () => calls };
}

test('user and fatal errors are rethrown as they are and never open the circuit', async () => {
  const s = scripted([new UserError('invalidRecipient', 'x'), new FatalError('unexpected', 'y'), new TypeError('bug')]);
  const breaker = new GatewayBreaker(s.call, { gateway: 'sms', failureThreshold: 1 });
  try {
    await expect(breaker.fire()).rejects.toMatchObject({ kind: 'user', code: 'invalidRecipient' });
    await expect(breaker.fire()).rejects.toMatchObject({ kind: 'fatal', code: 'unexpected' });
    // An unknown error is classified (fatal) before the breaker sees it.
    await expect(breaker.fire()).rejects.toMatchObject({ kind: 'fatal', code: 'unexpected' });
    expect(breaker.state).toBe('closed');
    expect(await breaker.fire()).toBe('ok');
  } finally {
    breaker.shutdown();
  }
});

test('a raw network error counts as operational; the Nth opens the circuit and the next call does not run', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2775'), { code: 'ECONNREFUSED' });
  const s = scripted([refused, new OperationalError('smscBusy', 'throttled')]);
  const breaker = new GatewayBreaker(s.call, { gateway: 'sms', failureThreshold: 2, resetTimeoutMs: 60_000 });
  try {
    await expect(breaker.fire()).rejects.toMatchObject({ kind: 'operational', code: 'connectionFailed' });
    expect(breaker.state).toBe('closed');
    await expect(breaker.fire()).rejects.toMatchObject({ code: 'smscBusy' });
    expect(breaker.state).toBe('open');
    const before = Date.now();
    const err = (await breaker.fire().catch((e: unknown) => e)) as GatewayCircuitOpenError;
    expect(err).toBeInstanceOf(GatewayCircuitOpenError);
    expect(err.toRecord()).toMatchObject({ kind: 'operational', code: 'gatewayCircuitOpen' });
    expect(err.retryAt).toBeGreaterThan(before + 59_000);
    expect(s.calls()).toBe(2);
  } finally {
    breaker.shutdown();
  }
});

test('a call slower than the timeout is an operational gatewayTimeout', async () => {
  const breaker = new GatewayBreaker(() => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 200)), { gateway: 'push', callTimeoutMs: 20 });
  try {
    await expect(breaker.fire()).rejects.toMatchObject({ kind: 'operational', code: 'gatewayTimeout' });
  } finally {
    breaker.shutdown();
  }
});
