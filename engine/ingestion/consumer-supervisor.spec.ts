import { EventEmitter } from 'node:events';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../observability/logger.js';
import { ConsumerSupervisor, isSilent, restartDelay, withTimeout, type StepTimeouts } from './consumer-supervisor.js';
import { IngestionHealth } from './ingestion-health.js';

/** A KafkaJS consumer stand-in whose steps can be made to hang or fail, as the real one did. */
class FakeConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'group_join', HEARTBEAT: 'heartbeat', FETCH_START: 'fetch_start', CRASH: 'crash' };
  disconnectHangs = false;
  runHangs = false;
  running = false;
  /** The batch handler as KafkaJS receives it from the supervisor. */
  eachBatch: ((payload: unknown) => Promise<void>) | null = null;
  connect = async () => undefined;
  subscribe = async () => undefined;
  run = async (config: { eachBatch: (payload: unknown) => Promise<void> }) => {
    this.eachBatch = config.eachBatch;
    if (this.runHangs) return never();
    this.running = true;
    this.emit(this.events.GROUP_JOIN, { payload: { memberAssignment: { 'customer-events': [0] } } });
  };
  disconnect = async () => (this.disconnectHangs ? never() : undefined);
  crash(error = new Error('This server does not host this topic-partition')) {
    this.running = false;
    this.emit(this.events.CRASH, { payload: { error } });
  }
}

const never = () => new Promise<never>(() => undefined);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noop = () => undefined;
const quiet = { warn: noop, error: noop, info: noop, debug: noop } as unknown as Logger;
const fast: Partial<StepTimeouts> = { disconnect: 50, prepare: 50, connect: 50, join: 50, silence: 100_000 };

function setup(opts: { eachBatch?: () => Promise<void>; beforeStart?: () => Promise<void>; timeouts?: Partial<StepTimeouts>; each?: (c: FakeConsumer) => void } = {}) {
  const consumers: FakeConsumer[] = [];
  const kafka = {
    consumer: () => {
      const c = new FakeConsumer();
      opts.each?.(c);
      consumers.push(c);
      return c;
    },
  } as unknown as Kafka;
  const health = new IngestionHealth();
  const supervisor = new ConsumerSupervisor({
    kafka,
    groupId: 'g',
    topic: 'customer-events',
    logger: quiet,
    health,
    eachBatch: opts.eachBatch ?? (async () => undefined),
    beforeStart: opts.beforeStart ?? (async () => undefined),
    backoff: { initialMs: 10, maxMs: 40 },
    timeouts: { ...fast, ...opts.timeouts },
  });
  return { consumers, health, supervisor };
}

async function until(ok: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await tick(5);
  }
}

test('the restart delay doubles per consecutive crash up to the maximum', () => {
  const backoff = { initialMs: 1000, maxMs: 30_000 };
  expect([0, 1, 2, 3, 4, 5, 6, 1000].map((n) => restartDelay(n, backoff))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
});

test('a consumer is silent only once it has joined and then said nothing for longer than the limit', () => {
  expect(isSilent(null, 1_000_000, 10)).toBe(false);
  expect(isSilent(1000, 1010, 10)).toBe(false);
  expect(isSilent(1000, 1011, 10)).toBe(true);
});

test('withTimeout gives up on a promise that never settles, and passes on one that does', async () => {
  await expect(withTimeout(never(), 20, 'a step')).rejects.toThrow('a step did not finish within 20 ms');
  await expect(withTimeout(Promise.resolve(7), 20, 'a step')).resolves.toBe(7);
  await expect(withTimeout(Promise.reject(new Error('no')), 20, 'a step')).rejects.toThrow('no');
});

test('a crashed consumer whose disconnect hangs is abandoned and replaced', async () => {
  const { consumers, health, supervisor } = setup();
  await supervisor.start();
  expect(health.problem()).toBeNull();
  consumers[0]!.disconnectHangs = true;
  consumers[0]!.crash();
  expect(health.problem()).toMatch(/^restarting: /);
  await until(() => consumers.length === 2 && health.problem() === null);
  expect(consumers[1]!.running).toBe(true);
  await supervisor.stop();
});

test('a restart whose preparation hangs, or whose join hangs, is retried with the backoff until one succeeds', async () => {
  let prepares = 0;
  const { consumers, health, supervisor } = setup({
    // The second preparation (the first restart) hangs, as a call to a broker without a deadline can.
    beforeStart: async () => {
      if (++prepares === 2) await never();
    },
    // The third consumer (the second restart) never joins.
    each: (c) => {
      if (consumers.length === 2) c.runHangs = true;
    },
  });
  await supervisor.start();
  consumers[0]!.crash();
  await until(() => consumers.length === 4 && health.problem() === null);
  expect(prepares).toBe(4);
  expect(consumers[3]!.running).toBe(true);
  await supervisor.stop();
});

test('a replaced consumer that wakes up later gets no batch and cannot change the health', async () => {
  const handled: string[] = [];
  const { consumers, health, supervisor } = setup({
    eachBatch: async () => {
      handled.push('batch');
    },
  });
  await supervisor.start();
  consumers[0]!.disconnectHangs = true;
  consumers[0]!.crash();
  await until(() => consumers.length === 2 && health.problem() === null);
  await expect(consumers[0]!.eachBatch!({})).rejects.toThrow(/was replaced/);
  consumers[0]!.crash();
  consumers[0]!.emit('group_join', { payload: { memberAssignment: {} } });
  expect(health.problem()).toBeNull();
  expect(consumers).toHaveLength(2);
  await consumers[1]!.eachBatch!({});
  expect(handled).toEqual(['batch']);
  await supervisor.stop();
});

test('a joined consumer that stops heartbeating and fetching without a crash is replaced', async () => {
  const { consumers, health, supervisor } = setup({ timeouts: { silence: 1000 } });
  await supervisor.start();
  consumers[0]!.running = false; // dead, and KafkaJS never said so
  await until(() => consumers.length === 2 && health.problem() === null, 5000);
  await supervisor.stop();
});

test('stop() returns even if the consumer never disconnects', async () => {
  const { consumers, health, supervisor } = setup();
  await supervisor.start();
  consumers[0]!.disconnectHangs = true;
  await supervisor.stop();
  expect(health.problem()).toMatch(/^stopped: /);
});
