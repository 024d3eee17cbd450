export interface RetryDelayOptions {
  /** Delay ceiling of the first retry, in ms. */
  initialMs: number;
  /** Largest delay ceiling, in ms (the ceiling doubles per attempt up to it). */
  maxMs: number;
  /** A random number in [0, 1), passed in so the decision is pure (`Math.random` in production, a fixed value in tests). */
  random: () => number;
}

/**
 * How long to wait before retry number `attempt` (1 = the first retry) of
 * an operational error: exponential backoff with "equal jitter". The
 * ceiling is `initialMs * 2^(attempt-1)` capped at `maxMs`; the delay lies
 * in [ceiling/2, ceiling], so a failing dependency is never hammered and
 * items that failed together do not come back together.
 */
export function retryDelayMs(attempt: number, { initialMs, maxMs, random }: RetryDelayOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  if (!(initialMs > 0) || !Number.isFinite(initialMs)) throw new RangeError(`initialMs must be a positive number, got ${initialMs}`);
  if (!(maxMs >= initialMs) || !Number.isFinite(maxMs)) throw new RangeError(`maxMs must be at least initialMs (${initialMs}), got ${maxMs}`);
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
  // 2 ** 1100 is Infinity, which min() caps: no overflow for any attempt.
  const ceiling = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}
