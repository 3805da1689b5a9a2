import { randomUUID } from 'node:crypto';
import { createWorkspace } from '@parley/db/testing';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, removeRedisKeys, type ServiceHarness } from '../testing/index.ts';
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
    const leftInRedis = async () =>
      Math.floor(Number(await redis.hget(`${options.prefix}carol`, 't'))); // refill adds a trace
    expect(await nodeA.take('carol')).toBe(true);
    expect(await leftInRedis()).toBe(9); // the first lease is one token
    expect(await nodeA.take('carol')).toBe(true);
    expect(await leftInRedis()).toBe(7); // spent in time: the next lease is two
    expect(await nodeA.take('carol')).toBe(true);
    expect(await leftInRedis()).toBe(7); // spent from the lease, no Redis call
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
    expect(await other.take('erin')).toBe(true); // lease of 2, one left for 100 ms
    await new Promise((r) => setTimeout(r, 150));
    // The lapsed token is gone; the next take asks Redis again, starting at one token.
    const before = Number(await redis.hget(`${prefix}lapse:erin`, 'ts'));
    expect(await other.take('erin')).toBe(true);
    expect(Number(await redis.hget(`${prefix}lapse:erin`, 'ts'))).toBeGreaterThan(before);
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
