import type { Redis } from 'ioredis';
import type { EventsPort } from '../services/deps.ts';

export const OUTBOX_WAKE_CHANNEL = 'parley:outbox:wake';

/**
 * Wakes every outbox relay through Redis pub/sub after a commit (fire-and-forget; the relay also
 * polls). A commit after a quiet spell wakes the relays at once; the commits of the next
 * `minIntervalMs` share one more wake at its end. The relay reads at most every 10 ms
 * (batchIntervalMs) whatever wakes it, so wakes closer together than that buy nothing: one PUBLISH
 * per group commit cost the chat bench's node and relay ~18k publishes and wake-ups for 23k sends.
 */
export function createRedisEventsPort(
  redis: Redis,
  channel = OUTBOX_WAKE_CHANNEL,
  minIntervalMs = 10,
): EventsPort {
  let lastWakeAt = -Infinity;
  let due: NodeJS.Timeout | undefined;
  const wake = () => {
    lastWakeAt = Date.now();
    redis.publish(channel, '1').catch(() => undefined);
  };
  return {
    committed: () => {
      if (due) return; // a wake is already due, after this commit
      const wait = lastWakeAt + minIntervalMs - Date.now();
      if (wait <= 0) return wake();
      due = setTimeout(() => {
        due = undefined;
        wake();
      }, wait);
      due.unref();
    },
  };
}
