import fc from 'fast-check';
import { cyclicComponents, stronglyConnectedComponents } from './strongly-connected-components.js';

const sorted = (cs: number[][]) => cs.map((c) => [...c].sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);

test('finds loops, self-loops and leaves acyclic chains alone', () => {
  // 0 -> 1 -> 2 -> 0 is a loop; 3 -> 3 a self-loop; 4 -> 5 a chain.
  const adjacency = [[1], [2], [0, 3], [3], [5], []];
  expect(sorted(cyclicComponents(adjacency))).toEqual([[0, 1, 2], [3]]);
  expect(sorted(stronglyConnectedComponents(adjacency))).toEqual([[0, 1, 2], [3], [4], [5]]);
});

test('a chain of 100,000 blocks does not overflow the stack', () => {
  const adjacency = Array.from({ length: 100_000 }, (_, i) => (i + 1 < 100_000 ? [i + 1] : [0]));
  expect(cyclicComponents(adjacency)).toHaveLength(1);
});

test('a vertex is on a cycle exactly when it can reach itself', () => {
  const graph = fc.integer({ min: 1, max: 12 }).chain((n) => fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }));
  fc.assert(
    fc.property(graph, (adjacency) => {
      const reachesItself = (v: number) => {
        const seen = new Set<number>();
        const todo = [...adjacency[v]];
        while (todo.length) {
          const w = todo.pop()!;
          if (w === v) return true;
          if (seen.has(w)) continue;
          seen.add(w);
          todo.push(...adjacency[w]);
        }
        return false;
      };
      const onCycle = new Set(cyclicComponents(adjacency).flat());
      adjacency.forEach((_, v) => expect(onCycle.has(v)).toBe(reachesItself(v)));
    }),
    { numRuns: 300, seed: 11 },
  );
});
