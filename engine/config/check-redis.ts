import { Redis } from 'ioredis';
import { StartupError } from './config.error.js';

/** Connects and pings; an unreachable Redis becomes one line naming REDIS_URL. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Keep the socket error (ECONNREFUSED, ...) to explain the failure; ioredis
  // would otherwise print it as an "unhandled error event".
  let socketError: (Error & { code?: string }) | null = null;
  const remember = (err: Error) => {
    socketError ??= err;
  };
  redis.on('error', remember);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const cause = socketError ?? (err as Error & { code?: string });
    const where = url.replace(/\/\/[^@]*@/, '//***@');
    throw new StartupError(
      cause.code === 'ECONNREFUSED'
        ? `Redis at ${where} refused the connection: start it or set REDIS_URL`
        : `Redis at ${where} did not answer (${cause.message}): start it or fix REDIS_URL`,
    );
  }
  redis.off('error', remember);
  // After the first connection, reconnect forever: a Redis restart must not
  // kill the console. Errors while reconnecting are logged by the caller.
  redis.options.retryStrategy = (times: number) => Math.min(times * 200, 5000);
  redis.options.maxRetriesPerRequest = 20;
  return redis;
}
