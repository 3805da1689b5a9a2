import { createWorkspace } from '@parley/db/testing';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import { startOutboxRelay, type OutboxRelayOptions, type OutboxSink } from './index.ts';

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

/** A relay on this file's database and Redis (its own subscriber connection, closed by stop()). */
function startTestRelay(
  options: Pick<
    OutboxRelayOptions,
    'sinks' | 'wakeChannel' | 'pollIntervalMs' | 'batchTimeoutMs' | 'batchIntervalMs'
  >,
) {
  const subscriber = redis.duplicate();
  const relay = startOutboxRelay({
    db: h.deps.db,
    subscriber,
    emitter: new Emitter(redis, { key: `${prefix}socket.io` }),
    logger: pino({ level: 'silent' }),
    ...options,
  });
  return {
    drain: () => relay.drain(),
    async stop() {
      await relay.stop();
      subscriber.disconnect();
    },
  };
}

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
    const relay = startTestRelay({
      sinks: [sink],
      wakeChannel: `${prefix}wake`,
      pollIntervalMs: 100,
      batchTimeoutMs: 300,
    });
    try {
      await relay.drain();
    } finally {
      await relay.stop();
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

  it('relays commits woken within the batch interval together, and the first after a quiet spell at once', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const actor = userActor(ownerId, workspace.id);
    const wake = `${prefix}wake-interval`;
    const batches: string[][] = [];
    const sink: OutboxSink = (events) => {
      const bodies = events.flatMap((e) =>
        e.type === 'message.created' && e.channelId === general.id ? [e.payload.message.body] : [],
      );
      if (bodies.length > 0) batches.push(bodies);
      return Promise.resolve();
    };
    const relay = startTestRelay({
      sinks: [sink],
      wakeChannel: wake,
      pollIntervalMs: 60_000, // only wakes start batches here
      batchIntervalMs: 1_500,
    });
    const send = async (body: string) => {
      await h.services.messages.sendMessage(actor, { channelId: general.id, body });
      await redis.publish(wake, '1');
    };
    const until = async (what: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    try {
      await new Promise((r) => setTimeout(r, 1_600)); // a quiet spell after the start-up batch
      await send('first');
      await until(() => batches.length === 1);
      // Woken twice within the interval, 300 ms apart (time enough to relay the first alone, were
      // there no interval): both wait for it and go in one batch.
      await send('second');
      await new Promise((r) => setTimeout(r, 300));
      await send('third');
      await until(() => batches.length === 2);
      expect(batches).toEqual([['first'], ['second', 'third']]);
    } finally {
      await relay.stop();
    }
  });
});
