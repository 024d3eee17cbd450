import fc from 'fast-check';
import { retryDelayMs } from './retry-delay.js';

const policy = { initialMs: 1000, maxMs: 30_000 };

test('the ceiling doubles per attempt up to the maximum; jitter moves the delay between half and all of it', () => {
  const low = (a: number) => retryDelayMs(a, { ...policy, random: () => 0 });
  const high = (a: number) => retryDelayMs(a, { ...policy, random: () => 0.999999 });
  expect([1, 2, 3, 4, 5, 6, 7].map(low)).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  expect([1, 2, 3, 4, 5, 6, 7].map(high)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  expect(retryDelayMs(3, { ...policy, random: () => 0.5 })).toBe(3000);
});

test('any attempt, any random value: within [ceiling/2, ceiling], never above the maximum, a whole number of ms', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: 60_000 }),
      fc.integer({ min: 0, max: 3_600_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, initialMs, extra, r) => {
        const maxMs = initialMs + extra;
        const d = retryDelayMs(attempt, { initialMs, maxMs, random: () => r });
        const ceiling = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
        return Number.isInteger(d) && d >= Math.floor(ceiling / 2) && d <= Math.min(ceiling, maxMs);
      },
    ),
    { numRuns: 1000 },
  );
});

test('items that failed together come back spread out, not together', () => {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const delays = Array.from({ length: 100 }, () => retryDelayMs(4, { ...policy, random }));
  expect(new Set(delays).size).toBeGreaterThan(50);
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
  expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
});

test('nonsense arguments are refused instead of giving a nonsense delay', () => {
  const random = () => 0.5;
  expect(() => retryDelayMs(0, { ...policy, random })).toThrow(RangeError);
  expect(() => retryDelayMs(1.5, { ...policy, random })).toThrow(RangeError);
  expect(() => retryDelayMs(1, { initialMs: 0, maxMs: 10, random })).toThrow(RangeError);
  expect(() => retryDelayMs(1, { initialMs: 100, maxMs: 10, random })).toThrow(RangeError);
  expect(() => retryDelayMs(1, { ...policy, random: () => 1 })).toThrow(/\[0, 1\)/);
  expect(() => retryDelayMs(1, { ...policy, random: () => NaN })).toThrow(RangeError);
});
