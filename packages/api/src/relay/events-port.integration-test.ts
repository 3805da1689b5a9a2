import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventsPort } from './events-port.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `test:${randomUUID()}:wake`;
let publisher: Redis;
let subscriber: Redis;
const wakes: number[] = [];
beforeAll(async () => {
  publisher = new Redis(REDIS_URL);
  subscriber = new Redis(REDIS_URL);
  subscriber.on('message', () => wakes.push(Date.now()));
  await subscriber.subscribe(channel);
});
afterAll(() => {
  publisher.disconnect();
  subscriber.disconnect();
});

/** Waits (at most 5 s) until `n` wakes have arrived. */
async function wakesArrived(n: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (wakes.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe('outbox wake-ups (Redis pub/sub)', () => {
  it('wakes at once after a quiet spell, and once more for a burst of commits', async () => {
    const windowMs = 500;
    const events = createRedisEventsPort(publisher, channel, windowMs);
    for (let i = 0; i < 100; i++) events.committed();
    await wakesArrived(1);
    expect(wakes).toHaveLength(1); // the first commit woke the relays; the rest wait for the window
    await wakesArrived(2);
    expect(wakes).toHaveLength(2);
    expect(wakes[1]! - wakes[0]!).toBeGreaterThanOrEqual(windowMs - 50); // one wake for the other 99

    await new Promise((r) => setTimeout(r, windowMs)); // a quiet spell
    events.committed();
    await wakesArrived(3);
    await new Promise((r) => setTimeout(r, windowMs + 100));
    expect(wakes).toHaveLength(3); // a lone commit: one wake, at once, nothing after
  });
});
