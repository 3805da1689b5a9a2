import { randomUUID } from 'node:crypto';
import { createWorkspace } from '@parley/db/testing';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, type ServiceHarness } from '../testing/index.ts';
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
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
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
