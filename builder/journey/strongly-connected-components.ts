/**
 * The strongly connected components of a directed graph given as adjacency
 * lists over 0..n-1 (Tarjan's algorithm, iterative so that a long chain of
 * blocks cannot overflow the stack). A component of more than one vertex, or
 * a vertex with an edge to itself, is a set of vertices on a common cycle.
 */
export function stronglyConnectedComponents(adjacency: readonly (readonly number[])[]): number[][] {
  const n = adjacency.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const frames: Array<{ v: number; next: number }> = [{ v: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length) {
      const f = frames[frames.length - 1];
      const outs = adjacency[f.v];
      if (f.next < outs.length) {
        const w = outs[f.next++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          frames.push({ v: w, next: 0 });
        } else if (onStack[w]) low[f.v] = Math.min(low[f.v], index[w]);
        continue;
      }
      frames.pop();
      if (frames.length) low[frames[frames.length - 1].v] = Math.min(low[frames[frames.length - 1].v], low[f.v]);
      if (low[f.v] === index[f.v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== f.v);
        components.push(component.reverse());
      }
    }
  }
  return components;
}

/** The vertices that lie on at least one cycle, grouped by component. */
export function cyclicComponents(adjacency: readonly (readonly number[])[]): number[][] {
  return stronglyConnectedComponents(adjacency).filter((c) => c.length > 1 || adjacency[c[0]].includes(c[0]));
}
