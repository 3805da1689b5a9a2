import type { Redis } from 'ioredis';
import { luaRedisNowMs } from '../redis-now-lua.ts';
import { leasedTokens, type LeaseOptions, type TakeMany } from './leased-tokens.ts';

/**
 * A token bucket per key in Redis (one Lua script, so it is atomic across nodes): `capacity` tokens,
 * refilled at `refillPerSecond`. For each key KEYS[i], takes up to ARGV[2 + i] tokens, as many as
 * there are, and returns how many it took, per key. Time is Redis's own (TIME), not the callers':
 * nodes whose clocks disagree must not refill a bucket by taking turns, and time that runs
 * backwards refills nothing.
 */
const SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
${luaRedisNowMs('clock')}
local takens = {}
for i, key in ipairs(KEYS) do
  local want = tonumber(ARGV[2 + i])
  local state = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(state[1]) or capacity
  local ts = tonumber(state[2]) or clock
  local now = clock
  if now < ts then now = ts end
  tokens = math.min(capacity, tokens + (now - ts) / 1000 * refill)
  local taken = math.min(math.floor(tokens), want)
  tokens = tokens - taken
  redis.call('HSET', key, 't', tokens, 'ts', now)
  redis.call('PEXPIRE', key, math.ceil(capacity / refill * 1000) + 1000)
  takens[i] = taken
end
return takens`;

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
  parleyTokenBuckets(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number[]>;
};

export function createTokenBucket(redis: Redis, options: TokenBucketOptions): TokenBucket {
  // A defined command runs by EVALSHA (the script is sent once per connection, not per call).
  // The number of keys comes first in each call (no numberOfKeys: calls carry one or many).
  if (!('parleyTokenBuckets' in redis)) redis.defineCommand('parleyTokenBuckets', { lua: SCRIPT });
  const client = redis as BucketRedis;
  const takeMany: TakeMany = (keys, wants) =>
    client.parleyTokenBuckets(
      keys.length,
      ...keys.map((key) => `${options.prefix}${key}`),
      options.capacity,
      options.refillPerSecond,
      ...wants,
    );
  if (options.lease) return leasedTokens(takeMany, options.lease);
  return { take: async (key) => (await takeMany([key], [1]))[0] === 1 };
}
