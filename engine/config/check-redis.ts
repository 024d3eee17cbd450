import { Redis } from 'ioredis';
import { StartupError } from './config.error.js';

/** Connects and pings; an unreachable Redis becomes one line naming REDIS_URL. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@]*@/, '//***@');
    const code = (err as { code?: string }).code;
    throw new StartupError(
      code === 'ECONNREFUSED'
        ? `Redis at ${where} refused the connection: start it or set REDIS_URL`
        : `Redis at ${where} did not answer (${(err as Error).message}): start it or fix REDIS_URL`,
    );
  }
  // After the first connection, reconnect forever: a Redis restart must not kill the console.
  redis.options.retryStrategy = (times: number) => Math.min(times * 200, 5000);
  redis.options.maxRetriesPerRequest = 20;
  return redis;
}
