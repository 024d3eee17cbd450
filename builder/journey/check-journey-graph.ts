import type { JourneyDefinition } from '../../engine/definitions/journey/journey-definition.schema.js';
import { breaksLoop, journeyNodeExits, longestWaitMinutes } from '../../engine/definitions/journey/journey-exits.js';
import { journeyProblem, type JourneyProblem, type JourneyProblemCode, type ProblemParams } from '../../engine/definitions/journey/journey-problems.js';
import { cyclicComponents } from './strongly-connected-components.js';

/**
 * Checks the shape of a parsed journey, not the parameters of its blocks
 * (the schema did that): one start block, unique ids, every exit connected to
 * a block that exists (and not back to the start), every block reachable from
 * the start, no loop that could run without waiting, split weights adding up
 * to 100, no wait longer than the journey may last. Every problem is
 * reported, each on the block to fix and with the path of the field.
 *
 * A wait for an event without a timeout cannot get this far: the schema
 * requires the timeout (problem `timeoutRequired`).
 */
export function checkJourneyGraph(definition: JourneyDefinition): JourneyProblem[] {
  const { nodes } = definition;
  const problems: JourneyProblem[] = [];
  const report = (index: number, field: Array<string | number>, code: JourneyProblemCode, params?: ProblemParams) =>
    problems.push({ path: ['nodes', index, ...field].join('.'), nodeId: nodes[index].id, ...journeyProblem(code, params) });

  // Ids: the first block with an id owns it; later ones are reported and left out of the graph.
  const indexOf = new Map<string, number>();
  const duplicate = new Set<number>();
  nodes.forEach((n, i) => {
    if (indexOf.has(n.id)) {
      duplicate.add(i);
      report(i, ['id'], 'duplicateNodeId', { id: n.id });
    } else indexOf.set(n.id, i);
  });

  const starts = nodes.flatMap((n, i) => (n.type === 'start' && !duplicate.has(i) ? [i] : []));
  if (starts.length === 0) problems.push({ path: 'nodes', ...journeyProblem('noStart') });
  starts.slice(1).forEach((i) => report(i, [], 'moreThanOneStart', { count: starts.length }));

  // Edges: every exit leads to a block other than the start.
  const adjacency: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    if (duplicate.has(i)) return;
    for (const exit of journeyNodeExits(n)) {
      if (exit.target === null) {
        report(i, exit.path, 'exitUnconnected', { exit: exit.handle });
        continue;
      }
      const target = indexOf.get(exit.target);
      if (target === undefined) report(i, exit.path, 'exitToMissingNode', { exit: exit.handle, target: exit.target });
      else if (nodes[target].type === 'start') report(i, exit.path, 'exitIntoStart', { exit: exit.handle });
      else adjacency[i].push(target);
    }
  });

  // Reachability from the start (extra starts and duplicates are reported already).
  if (starts.length > 0) {
    const reached = new Set<number>([starts[0]]);
    const todo = [starts[0]];
    while (todo.length) {
      for (const t of adjacency[todo.pop()!]) {
        if (reached.has(t)) continue;
        reached.add(t);
        todo.push(t);
      }
    }
    nodes.forEach((n, i) => {
      if (!reached.has(i) && !duplicate.has(i) && n.type !== 'start') report(i, [], 'unreachableNode');
    });
  }

  // Loops: a cycle among blocks that never hold a customer could run forever within one step.
  const withoutWaits = adjacency.map((outs, i) => (breaksLoop(nodes[i]) ? [] : outs.filter((t) => !breaksLoop(nodes[t]))));
  for (const component of cyclicComponents(withoutWaits)) {
    const cycle = component.map((i) => nodes[i].id).join(', ');
    component.forEach((i) => report(i, [], 'cycleWithoutWait', { cycle }));
  }

  // Block-level rules that need the whole definition.
  const maxMinutes = definition.maxDurationDays * 1440;
  nodes.forEach((n, i) => {
    if (n.type === 'split') {
      const sum = n.branches.reduce((s, b) => s + b.weight, 0);
      if (sum !== 100) report(i, ['branches'], 'splitWeightsNot100', { sum });
    }
    const longest = longestWaitMinutes(n);
    if (longest !== undefined && longest > maxMinutes) {
      report(i, [n.type === 'waitForEvent' ? 'timeout' : 'duration'], 'waitLongerThanJourney', {
        days: Math.ceil(longest / 1440),
        maxDays: definition.maxDurationDays,
      });
    }
  });
  return problems;
}
