import { randomUUID } from 'node:crypto';
import { createWorkspace } from '@parley/db/testing';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServiceHarness,
  removeRedisKeys,
  waitFor,
  type ServiceHarness,
} from '../testing/index.ts';
import { createCallerFactory } from '../trpc/init.ts';
import { appRouter } from '../trpc/root.ts';
import { createTokenBucket } from './token-bucket.ts';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test:${randomUUID()}:`;
let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => {
  await removeRedisKeys(redis, prefix);
  await redis.quit();
  await h.close();
});

/** The token-bucket script calls Redis runs for keys under `keyPrefix` (MONITOR), as they come. */
async function scriptCalls(keyPrefix: string) {
  const monitor = await redis.monitor();
  const list: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[0]?.toLowerCase() === 'evalsha' && args.some((a) => a.startsWith(keyPrefix)))
      list.push(args);
  });
  return {
    list,
    reach: (n: number, what: string) => waitFor(() => list.length >= n, what),
    stop: () => monitor.disconnect(),
  };
}

/** The whole tokens left in Redis for `key` (the refill adds a fraction). */
async function tokensLeft(keyPrefix: string, key: string): Promise<number> {
  return Math.floor(Number(await redis.hget(`${keyPrefix}${key}`, 't')));
}

/**
 * A bucket that never refills and leases up to 4 tokens, renewing ahead in 100-ms batches, with
 * the script calls Redis runs for its keys.
 */
async function renewingAheadBucket(name: string, capacity: number) {
  const keyPrefix = `${prefix}${name}:`;
  const bucket = createTokenBucket(redis, {
    prefix: keyPrefix,
    capacity,
    refillPerSecond: 0.001,
    lease: { maxTokens: 4, ttlMs: 60_000, aheadBatchMs: 100 },
  });
  return { keyPrefix, bucket, calls: await scriptCalls(keyPrefix) };
}

describe('token bucket rate limits (Redis)', () => {
  it('allows the capacity, then refuses until tokens refill, per key', async () => {
    const bucket = createTokenBucket(redis, { prefix, capacity: 3, refillPerSecond: 20 });
    const first = await Promise.all(Array.from({ length: 5 }, () => bucket.take('alice')));
    expect(first.filter(Boolean)).toHaveLength(3);
    expect(await bucket.take('bob')).toBe(true);
    await new Promise((r) => setTimeout(r, 120)); // 20 tokens/s: at least two back
    expect(await bucket.take('alice')).toBe(true);
  });

  it('leases: a key that keeps taking gets tokens from Redis a few at a time, never beyond the bucket', async () => {
    const options = {
      prefix: `${prefix}lease:`,
      capacity: 10,
      refillPerSecond: 0.001,
      lease: { maxTokens: 4, ttlMs: 60_000 },
    };
    // Two processes (e.g. two realtime nodes) sharing one user's bucket.
    const nodeA = createTokenBucket(redis, options);
    const nodeB = createTokenBucket(redis, options);
    const leftInRedis = () => tokensLeft(options.prefix, 'carol');
    expect(await nodeA.take('carol')).toBe(true);
    expect(await leftInRedis()).toBe(9); // the first lease is one token
    expect(await nodeA.take('carol')).toBe(true);
    expect(await leftInRedis()).toBe(7); // spent in time: the next lease is two
    expect(await nodeA.take('carol')).toBe(true); // spent from the lease (the next is asked ahead)
    const taken = [];
    for (let i = 0; i < 12; i++)
      taken.push(await (i % 2 === 0 ? nodeB : nodeA).take('carol'), await nodeB.take('carol'));
    // 3 above + 7 here: exactly the bucket's 10, however the takes were spread.
    expect(taken.filter(Boolean)).toHaveLength(7);
    expect(await leftInRedis()).toBe(0);
  });

  it('leases: concurrent takes share one Redis call, and unspent tokens lapse', async () => {
    const bucket = createTokenBucket(redis, {
      prefix: `${prefix}lapse:`,
      capacity: 3,
      refillPerSecond: 0.001,
      lease: { maxTokens: 8, ttlMs: 100 },
    });
    const burst = await Promise.all(Array.from({ length: 5 }, () => bucket.take('dave')));
    expect(burst.filter(Boolean)).toHaveLength(3); // leases of 1 and 2, then an empty bucket
    const other = createTokenBucket(redis, {
      prefix: `${prefix}lapse:`,
      capacity: 3,
      refillPerSecond: 1000,
      lease: { maxTokens: 8, ttlMs: 100 },
    });
    expect(await other.take('erin')).toBe(true); // lease of 1
    expect(await other.take('erin')).toBe(true); // lease of 2, then 4 ahead: all lapse in 100 ms
    await new Promise((r) => setTimeout(r, 300));
    // The lapsed tokens are gone; the next take asks Redis again, starting at one token.
    const before = Number(await redis.hget(`${prefix}lapse:erin`, 'ts'));
    expect(await other.take('erin')).toBe(true);
    expect(Number(await redis.hget(`${prefix}lapse:erin`, 'ts'))).toBeGreaterThan(before);
  });

  it('leases: keys that keep taking renew ahead, in the background, many in one Redis call', async () => {
    const { keyPrefix, bucket, calls } = await renewingAheadBucket('ahead', 100);
    const keys = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const takeEach = async () =>
      expect(await Promise.all(keys.map((k) => bucket.take(k)))).toEqual(keys.map(() => true));
    const left = (key: string) => tokensLeft(keyPrefix, key);
    try {
      // Leases of 1 and 2, each its own call per key; half of the second spent, the next (4) is
      // asked for ahead, for all twenty keys in one call (its third argument: the key count).
      await takeEach();
      await takeEach();
      await calls.reach(41, 'forty calls, then one renewing all twenty keys ahead');
      expect(calls.list[40]![2]).toBe('20');
      // The third take spends the second lease, the fourth the renewal ahead (waiting for it if
      // it is still on its way), and the fifth, half of that spent, asks for the next one ahead.
      for (let i = 0; i < 3; i++) await takeEach();
      await calls.reach(42, 'a second shared call');
      expect(calls.list[41]![2]).toBe('20');
      expect(await Promise.all(keys.map(left))).toEqual(keys.map(() => 100 - 1 - 2 - 4 - 4));
      // 2 left + 4 renewed: three more takes each need no call.
      for (let i = 0; i < 3; i++) await takeEach();
      await new Promise((r) => setTimeout(r, 200));
      expect(calls.list).toHaveLength(42);
    } finally {
      calls.stop();
    }
  });

  it('leases: a take that finds its lease spent while a renewal ahead waits takes from that renewal', async () => {
    const { keyPrefix, bucket, calls } = await renewingAheadBucket('wait', 7);
    try {
      expect(await bucket.take('frank')).toBe(true); // a lease of 1
      expect(await bucket.take('frank')).toBe(true); // of 2: 4 more asked for ahead
      // Six at once: the first spends the last token; the others wait for the renewal ahead
      // (no call of their own), and four of them spend its 4, the second of those asking for the
      // next lease ahead; the sixth waits for that one, which finds the bucket empty.
      const takes = await Promise.all(Array.from({ length: 6 }, () => bucket.take('frank')));
      expect(takes).toEqual([true, true, true, true, true, false]);
      // One call per lease: 1, 2, the 4 ahead, and the last one ahead that found nothing.
      await calls.reach(4, 'four calls');
      await new Promise((r) => setTimeout(r, 200));
      expect(calls.list).toHaveLength(4);
      expect(await tokensLeft(keyPrefix, 'frank')).toBe(0);
    } finally {
      calls.stop();
    }
  });

  it('limits tRPC mutations per user with TOO_MANY_REQUESTS, and leaves queries alone', async () => {
    const { workspace, ownerId } = await createWorkspace(h.deps.db);
    const limiter = createTokenBucket(redis, {
      prefix: `${prefix}trpc:`,
      capacity: 2,
      refillPerSecond: 0.001,
    });
    const caller = createCallerFactory(appRouter)({
      services: h.services,
      userId: ownerId,
      ip: '127.0.0.1',
      limiter,
    });
    const general = (await caller.channels.mine({ workspaceId: workspace.id }))[0]!;
    await caller.messages.send({ workspaceId: workspace.id, channelId: general.id, body: 'one' });
    await caller.messages.send({ workspaceId: workspace.id, channelId: general.id, body: 'two' });
    const third = await caller.messages
      .send({ workspaceId: workspace.id, channelId: general.id, body: 'three' })
      .catch((e: unknown) => e);
    expect(third).toBeInstanceOf(TRPCError);
    expect((third as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    expect(await h.deps.db.message.count({ where: { channelId: general.id } })).toBe(2);
    expect(
      (await caller.messages.history({ workspaceId: workspace.id, channelId: general.id }))
        .messages,
    ).toHaveLength(2);
  });
});
