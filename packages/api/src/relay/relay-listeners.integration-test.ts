import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stallEventLoop } from '../testing/stall-event-loop.ts';
import { relayListenersKey } from './relayed-events-channel.ts';
import { othersListening, registerRelayListener, type RelayListener } from './relay-listeners.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
let redis: Redis;
const opened: RelayListener[] = [];
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  for (const l of opened) await l.close();
  redis.disconnect();
});

/** A channel of its own per test, so entries never leak between tests. */
const newChannel = () => `test:${randomUUID()}:relayed-events`;

function register(
  channel: string,
  origin: string,
  timings: { ttlMs?: number; refreshMs?: number; settleMs?: number } = {},
  onLapse: () => void = () => undefined,
): RelayListener {
  const listener = registerRelayListener(redis, channel, origin, { ...timings, logger, onLapse });
  opened.push(listener);
  return listener;
}

describe('relay listeners (which nodes read what a node-hosted relay publishes)', () => {
  it('tells a relay whether any node but its own listens, and forgets a node that closes', async () => {
    const channel = newChannel();
    // settleMs 0: every question goes to Redis.
    const askA = othersListening(redis, channel, 'node-a', { settleMs: 0 });
    expect(await askA()).toBe(false); // nobody at all

    const a = register(channel, 'node-a');
    await a.ready(5_000);
    expect(await askA()).toBe(false); // only its own node

    const b = register(channel, 'node-b');
    await b.ready(5_000);
    expect(await askA()).toBe(true);
    expect(await othersListening(redis, channel, 'node-b', { settleMs: 0 })()).toBe(true);

    await b.close();
    expect(await askA()).toBe(false);
    expect(await redis.zrange(relayListenersKey(channel), 0, -1)).toEqual(['node-a']);
  });

  it('takes a node for gone once its entry lapses unrenewed', async () => {
    const channel = newChannel();
    const ask = othersListening(redis, channel, 'leader', { settleMs: 0 });
    const b = register(channel, 'node-b', { ttlMs: 300, refreshMs: 10_000, settleMs: 10 });
    await b.ready(5_000);
    expect(await ask()).toBe(true);
    await new Promise((r) => setTimeout(r, 400)); // no renewal within the entry's 300 ms
    expect(await ask()).toBe(false);
  });

  it('lets a relay act on an answer for settleMs, and a node take sockets only that long after registering', async () => {
    const channel = newChannel();
    const settleMs = 400;
    const ask = othersListening(redis, channel, 'leader', { settleMs });
    expect(await ask()).toBe(false);
    const b = register(channel, 'node-b', { settleMs });
    let settled = false;
    const ready = b.ready(5_000).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    // Registered in Redis by now, but the relay still acts on its earlier answer, and the node
    // takes no sockets yet: nothing the relay leaves unpublished can reach one of its sockets.
    expect(await redis.zscore(relayListenersKey(channel), 'node-b')).not.toBeNull();
    expect(await ask()).toBe(false);
    expect(settled).toBe(false);
    await ready;
    expect(await ask()).toBe(true); // the earlier answer has run out by the time the node settled
  });

  it('refuses to wait forever for a node that cannot register', async () => {
    const channel = newChannel();
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined); // refused connections: expected here
    const listener = registerRelayListener(down, channel, 'node-x', {
      logger,
      onLapse: () => undefined,
    });
    await expect(listener.ready(300)).rejects.toThrow(/not registered/);
    await listener.close();
    down.disconnect();
  });

  it('tells its clients to resync when a stall may have let its entry lapse, once registered again', async () => {
    const channel = newChannel();
    let lapses = 0;
    const b = register(channel, 'node-b', { ttlMs: 300, refreshMs: 50, settleMs: 20 }, () => {
      lapses++;
    });
    await b.ready(5_000);
    await new Promise((r) => setTimeout(r, 200)); // renewals keep it registered
    expect(lapses).toBe(0);
    stallEventLoop(500); // past the entry's lifetime: a relay may have taken the node for gone
    await new Promise((r) => setTimeout(r, 200));
    expect(lapses).toBe(1);
    await b.ready(1_000); // registered and settled again
    expect(await othersListening(redis, channel, 'leader', { settleMs: 0 })()).toBe(true);
  });
});
