import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection that fails fast: a command waits for at most one reconnection attempt instead
 * of ioredis' default twenty, so a Redis outage shows up as errors (and a failing readiness check)
 * rather than requests that hang. Connection errors are reported once per outage, not per retry.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, ...options });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    process.emitWarning(`Redis at ${redactPassword(url)}: ${error.message}`);
  });
  redis.on('ready', () => {
    reported = false;
  });
  return redis;
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
