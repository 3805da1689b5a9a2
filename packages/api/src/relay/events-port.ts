import type { Redis } from 'ioredis';
import type { EventsPort } from '../services/deps.ts';

export const OUTBOX_WAKE_CHANNEL = 'parley:outbox:wake';

/** Wakes every outbox relay through Redis pub/sub after a commit (fire-and-forget; the relay also polls). */
export function createRedisEventsPort(redis: Redis, channel = OUTBOX_WAKE_CHANNEL): EventsPort {
  return {
    committed: () => {
      redis.publish(channel, '1').catch(() => undefined);
    },
  };
}
