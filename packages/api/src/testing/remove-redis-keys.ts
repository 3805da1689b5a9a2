import type { Redis } from 'ioredis';

/** Deletes every Redis key under a test's own random prefix (KEYS is fine for a test's few keys). */
export async function removeRedisKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
}
