import { Redis } from 'ioredis';

/**
 * BullMQ loses jobs if Redis evicts keys under memory pressure (docs/architecture.md, Processes):
 * refuse to run unless maxmemory-policy is noeviction. Managed Redis may forbid CONFIG: then warn.
 */
export async function checkRedisEvictionPolicy(redisUrl: string): Promise<{ ok: boolean; message: string }> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      return {
        ok: false,
        message: `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" (set it in redis.conf or with CONFIG SET)`,
      };
    }
    return { ok: true, message: 'Redis maxmemory-policy is noeviction' };
  } catch (error) {
    return {
      ok: true,
      message: `Could not read Redis maxmemory-policy (${(error as Error).message}); make sure it is noeviction`,
    };
  } finally {
    redis.disconnect();
  }
}
