import type { Redis } from 'ioredis';

/**
 * A token bucket per key in Redis (one Lua script, so it is atomic across nodes): `capacity` tokens,
 * refilled at `refillPerSecond`. Returns whether a token was taken.
 */
const SCRIPT = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', key, 't', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - ts) / 1000 * refill)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', key, 't', tokens, 'ts', now)
redis.call('PEXPIRE', key, math.ceil(capacity / refill * 1000) + 1000)
return allowed`;

export interface TokenBucket {
  take(key: string): Promise<boolean>;
}

type BucketRedis = Redis & {
  parleyTokenBucket(key: string, capacity: number, refill: number, now: number): Promise<number>;
};

export function createTokenBucket(
  redis: Redis,
  options: { prefix: string; capacity: number; refillPerSecond: number },
): TokenBucket {
  // A defined command runs by EVALSHA (the script is sent once per connection, not per call).
  if (!('parleyTokenBucket' in redis))
    redis.defineCommand('parleyTokenBucket', { numberOfKeys: 1, lua: SCRIPT });
  const client = redis as BucketRedis;
  return {
    async take(key) {
      const result = await client.parleyTokenBucket(
        `${options.prefix}${key}`,
        options.capacity,
        options.refillPerSecond,
        Date.now(),
      );
      return result === 1;
    },
  };
}
