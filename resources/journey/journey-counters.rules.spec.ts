import { blockCounters } from './journey-counters.rules.js';

describe('blockCounters', () => {
  const declared = [
    { id: 'start', type: 'start' },
    { id: 'wait', type: 'waitDuration' },
    { id: 'send', type: 'sendMessage' },
    { id: 'done', type: 'exit' },
  ];

  test('passed = entered - waiting - ended there; exits by reason; declared order kept, unreached blocks at zero', () => {
    const out = blockCounters(
      declared,
      [
        { nodeId: 'start', nodeType: 'start', count: 5 },
        { nodeId: 'wait', nodeType: 'waitDuration', count: 5 },
        { nodeId: 'done', nodeType: 'exit', count: 2 },
      ],
      [{ nodeId: 'wait', count: 2 }],
      [
        { nodeId: 'done', reason: 'completed', count: 2, converted: 0 },
        { nodeId: 'wait', reason: 'archived', count: 1, converted: 0 },
      ],
    );
    expect(out.map((b) => b.nodeId)).toEqual(['start', 'wait', 'send', 'done']);
    const by = Object.fromEntries(out.map((b) => [b.nodeId, b]));
    expect(by.start).toMatchObject({ entered: 5, waitingNow: 0, passed: 5, exited: {} });
    expect(by.wait).toMatchObject({ entered: 5, waitingNow: 2, passed: 2, exited: { archived: 1 } });
    expect(by.send).toMatchObject({ entered: 0, waitingNow: 0, passed: 0, converted: 0 });
    expect(by.done).toMatchObject({ entered: 2, passed: 0, exited: { completed: 2 } });
  });

  test('conversions are counted where the instance ended; a block only the steps know is listed after the declared ones', () => {
    const out = blockCounters(
      declared,
      [{ nodeId: 'old', nodeType: 'goal', count: 3 }],
      [],
      [
        { nodeId: 'old', reason: 'goalReached', count: 3, converted: 3 },
        { nodeId: 'wait', reason: 'goalReached', count: 1, converted: 1 },
      ],
    );
    expect(out.at(-1)).toEqual({ nodeId: 'old', nodeType: 'goal', entered: 3, waitingNow: 0, passed: 0, exited: { goalReached: 3 }, converted: 3 });
    expect(out.find((b) => b.nodeId === 'wait')).toMatchObject({ converted: 1, passed: 0 });
  });

  test('passed never goes negative (a loop counts every visit, an instance ends once)', () => {
    const out = blockCounters(
      [{ id: 'w', type: 'waitDuration' }],
      [{ nodeId: 'w', nodeType: 'waitDuration', count: 1 }],
      [{ nodeId: 'w', count: 1 }],
      [{ nodeId: 'w', reason: 'failed', count: 1, converted: 0 }],
    );
    expect(out[0]!.passed).toBe(0);
  });
});
