import { fnv1a32, splitBranchFor } from './split-assignment.js';

const split = (weights: number[], id = 'ab') => ({ id, branches: weights.map((weight, i) => ({ id: `b${i}`, weight, next: null })) });

test('FNV-1a 32-bit matches the reference vectors', () => {
  expect(fnv1a32('')).toBe(0x811c9dc5);
  expect(fnv1a32('a')).toBe(0xe40c292c);
  expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  // Over UTF-8 bytes, not UTF-16 code units: '가' (U+AC00) is hashed as EA B0 80.
  let byHand = 0x811c9dc5;
  for (const byte of [0xea, 0xb0, 0x80]) byHand = Math.imul(byHand ^ byte, 0x01000193);
  expect(fnv1a32('가')).toBe(byHand >>> 0);
});

test('the same customer lands on the same branch every time; the block id takes part', () => {
  const s = split([50, 50]);
  const first = Array.from({ length: 200 }, (_, i) => splitBranchFor(s, `C${i}`).id);
  const again = Array.from({ length: 200 }, (_, i) => splitBranchFor(s, `C${i}`).id);
  expect(again).toEqual(first);
  const otherBlock = Array.from({ length: 200 }, (_, i) => splitBranchFor(split([50, 50], 'other'), `C${i}`).id);
  expect(otherBlock).not.toEqual(first);
});

test.each([
  ['sequential numbers', (i: number) => String(1_000_000 + i)],
  ['prefixed, zero-padded', (i: number) => `C${String(i).padStart(8, '0')}`],
])('10,000 customers (%s) on 50/30/20 land within 2 points of the weights', (_name, customerNo) => {
  const counts = [0, 0, 0];
  for (let i = 0; i < 10_000; i += 1) counts[Number(splitBranchFor(split([50, 30, 20]), customerNo(i)).id.slice(1))] += 1;
  expect(Math.abs(counts[0] - 5000)).toBeLessThanOrEqual(200);
  expect(Math.abs(counts[1] - 3000)).toBeLessThanOrEqual(200);
  expect(Math.abs(counts[2] - 2000)).toBeLessThanOrEqual(200);
});

test('a weight of 0 is never chosen; 100 always is', () => {
  for (let i = 0; i < 2000; i += 1) {
    expect(splitBranchFor(split([0, 100, 0]), `C${i}`).id).toBe('b1');
    expect(splitBranchFor(split([60, 0, 40]), `C${i}`).id).not.toBe('b1');
  }
});

test('a draft whose weights do not add up to 100 still gets a branch (scaled); all zeros: the first', () => {
  const counts = [0, 0];
  for (let i = 0; i < 4000; i += 1) counts[Number(splitBranchFor(split([10, 30]), `C${i}`).id.slice(1))] += 1;
  expect(Math.abs(counts[0] - 1000)).toBeLessThanOrEqual(150);
  expect(splitBranchFor(split([0, 0]), 'C1').id).toBe('b0');
});
