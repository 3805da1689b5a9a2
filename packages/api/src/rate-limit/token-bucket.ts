import type { Redis } from 'ioredis';
import { leasedTokens, type LeaseOptions } from './leased-tokens.ts';

/**
 * A token bucket per key in Redis (one Lua script, so it is atomic across nodes): `capacity` tokens,
 * refilled at `refillPerSecond`. Takes up to ARGV[3] tokens, as many as there are, and returns how
 * many it took. Time is Redis's own (TIME), not the callers': nodes whose clocks disagree must not
 * refill a bucket by taking turns, and time that runs backwards refills nothing.
 */
const SCRIPT = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', key, 't', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
if now < ts then now = ts end
tokens = math.min(capacity, tokens + (now - ts) / 1000 * refill)
local taken = math.min(math.floor(tokens), want)
tokens = tokens - taken
redis.call('HSET', key, 't', tokens, 'ts', now)
redis.call('PEXPIRE', key, math.ceil(capacity / refill * 1000) + 1000)
return taken`;

export interface TokenBucket {
  take(key: string): Promise<boolean>;
}

export interface TokenBucketOptions {
  prefix: string;
  capacity: number;
  refillPerSecond: number;
  /**
   * Take tokens from Redis a few at a time and spend them locally (see leased-tokens.ts). Without
   * it, every take is one Redis call.
   */
  lease?: LeaseOptions;
}

type BucketRedis = Redis & {
  parleyTokenBucket(key: string, capacity: number, refill: number, want: number): Promise<number>;
};

export function createTokenBucket(redis: Redis, options: TokenBucketOptions): TokenBucket {
  // A defined command runs by EVALSHA (the script is sent once per connection, not per call).
  if (!('parleyTokenBucket' in redis))
    redis.defineCommand('parleyTokenBucket', { numberOfKeys: 1, lua: SCRIPT });
  const client = redis as BucketRedis;
  const takeFromRedis = (key: string, want: number) =>
    client.parleyTokenBucket(
      `${options.prefix}${key}`,
      options.capacity,
      options.refillPerSecond,
      want,
    );
  if (options.lease) return leasedTokens(takeFromRedis, options.lease);
  return { take: async (key) => (await takeFromRedis(key, 1)) === 1 };
}
