import type { Redis } from 'ioredis';
import type { EventsPort } from '../services/deps.ts';
import type { OutboxRelay } from './outbox-relay.ts';

/** The channel commits wake the outbox relays on, for a deployment's Redis key prefix. */
export function outboxWakeChannel(keyPrefix: string): string {
  return `${keyPrefix}outbox:wake`;
}

export const OUTBOX_WAKE_CHANNEL = outboxWakeChannel('parley:');

/**
 * How often, at most, the outbox relay reads when commits keep waking it (its default
 * `batchIntervalMs`), and so how often a process wakes it. Each read costs the relay ~1 ms of CPU
 * whatever it finds, and each read is one Redis message for every realtime node. The chat bench
 * (1,000 sends/s): 10 ms → 20 ms took the relay ~3.1 → ~2.25 CPU-s and the node ~1 CPU-s less,
 * for ~4 ms more median delivery latency (p99 alike).
 */
export const RELAY_READ_INTERVAL_MS = 20;

/**
 * Wakes every outbox relay through Redis pub/sub after a commit (fire-and-forget; the relay also
 * polls). A commit after a quiet spell wakes the relays at once; the commits of the next
 * `minIntervalMs` share one more wake at its end. The relay reads at most every
 * RELAY_READ_INTERVAL_MS whatever wakes it, so wakes closer together than that buy nothing: one
 * PUBLISH per group commit cost the chat bench's node and relay ~18k publishes and wake-ups for 23k
 * sends.
 */
export function createRedisEventsPort(
  redis: Redis,
  channel = OUTBOX_WAKE_CHANNEL,
  minIntervalMs = RELAY_READ_INTERVAL_MS,
): EventsPort {
  let lastWakeAt = -Infinity;
  let due: NodeJS.Timeout | undefined;
  const wake = () => {
    lastWakeAt = performance.now();
    redis.publish(channel, '1').catch(() => undefined);
  };
  return {
    committed: () => {
      if (due) return; // a wake is already due, after this commit
      const wait = lastWakeAt + minIntervalMs - performance.now();
      if (wait <= 0) return wake();
      due = setTimeout(() => {
        due = undefined;
        wake();
      }, wait);
      due.unref();
    },
  };
}

/** An events port whose process may host a relay: see localRelayFirst. */
export interface LocalRelayFirstPort extends EventsPort {
  /** The relay this process hosts (null: none, or stopped); createRealtimeServer sets it. */
  use(relay: Pick<OutboxRelay, 'leading' | 'wake'> | null): void;
}

/**
 * Wakes the relay this process hosts directly while it leads, and every relay through `elsewhere`
 * (the Redis wake) otherwise: a realtime node hosting the leader spares itself a Redis publish and
 * its echo per wake.
 */
export function localRelayFirst(elsewhere: EventsPort): LocalRelayFirstPort {
  let local: Pick<OutboxRelay, 'leading' | 'wake'> | null = null;
  return {
    committed: () => {
      if (local?.leading()) local.wake();
      else elsewhere.committed();
    },
    use: (relay) => {
      local = relay;
    },
  };
}
