import Queue from 'bull';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Bull queues share one client and one subscriber connection per process;
 * blocking clients are created per queue, as Bull requires. Options follow
 * Bull's guidance for ioredis 5 (no ready check, no per-request retry limit
 * on subscriber and blocking clients).
 */
export function createQueueFactory(redisUrl: string, prefix: string) {
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false, lazyConnect: false };
  const client = new Redis(redisUrl, base);
  const subscriber = new Redis(redisUrl, base);
  const blocking: Redis[] = [];
  const createClient = (type: 'client' | 'subscriber' | 'bclient') => {
    if (type === 'client') return client;
    if (type === 'subscriber') return subscriber;
    const b = new Redis(redisUrl, base);
    blocking.push(b);
    return b;
  };
  return {
    create<T>(name: string): Queue.Queue<T> {
      return new Queue<T>(name, { prefix, createClient });
    },
    /** Closes the shared connections; call after every queue is closed. */
    async close() {
      for (const c of [client, subscriber, ...blocking]) c.disconnect();
    },
  };
}

export type QueueFactory = ReturnType<typeof createQueueFactory>;
