import { createWorkspace } from '@parley/db/testing';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import { startOutboxRelay, type OutboxSink } from './index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomUUID()}:`;
let h: ServiceHarness;
let redis: Redis;
beforeAll(async () => {
  h = await createServiceHarness();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis.disconnect();
  await h.close();
});

describe('outbox relay', () => {
  it('abandons a batch whose sink hangs (rolls back, releases the lock) and relays it on retry', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const { message } = await h.services.messages.sendMessage(userActor(ownerId, workspace.id), {
      channelId: general.id,
      body: 'through a stuck sink',
    });
    const seen: string[][] = [];
    const sink: OutboxSink = (events) => {
      seen.push(events.map((e) => e.eventId));
      // The first call never settles, as a sink stuck on a dead connection would.
      return seen.length === 1 ? new Promise<void>(() => undefined) : Promise.resolve();
    };
    const subscriber = redis.duplicate();
    const relay = startOutboxRelay({
      db: h.deps.db,
      subscriber,
      emitter: new Emitter(redis, { key: `${prefix}socket.io` }),
      sinks: [sink],
      logger: pino({ level: 'silent' }),
      wakeChannel: `${prefix}wake`,
      pollIntervalMs: 100,
      batchTimeoutMs: 300,
    });
    try {
      await relay.drain();
    } finally {
      await relay.stop();
      subscriber.disconnect();
    }
    const event = await h.deps.db.outboxEvent.findFirstOrThrow({
      where: { channelId: general.id, type: 'message.created' },
    });
    expect(event.relayedAt).not.toBeNull();
    // The stuck batch and its retry carried the same event: at least once, never lost.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((ids) => ids.includes(event.eventId))).toBe(true);
    expect((event.payload as { payload: { message: { id: string } } }).payload.message.id).toBe(
      message.id,
    );
  });
});
