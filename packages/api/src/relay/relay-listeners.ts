import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { luaRedisNowMs } from '../redis-now-lua.ts';
import { relayListenersKey } from './relayed-events-channel.ts';

/**
 * Which realtime nodes listen for the outbox relay's messages, so that a relay hosted by a node
 * publishes only when another node would read them. A lone node (the common self-hosted
 * deployment) then serves its sockets from its relay alone: the chat bench's node spent ~0.75
 * CPU-s of ~8.2 publishing every read to Redis and reading it back, for nobody.
 *
 * Each node keeps an entry in a sorted set, scored by when it lapses in Redis's time (TIME, not the
 * callers' clocks), renewed every `refreshMs`. A relay asks whether any entry but its own node's is
 * current, at most once per `settleMs`, and publishes when there is one.
 *
 * Why nothing is lost. A node takes sockets only `settleMs` after Redis confirmed its entry, and a
 * relay acts on an answer for at most `settleMs` after it asked. So an event a relay left
 * unpublished for want of listeners was read before the node's first socket connected: that
 * socket's client syncs on connect and gets it from the database, as it gets what was relayed
 * before it connected. A node whose entry may have lapsed (its renewals stopped for `ttlMs`: a
 * stalled event loop, Redis away) cannot know what it missed: once registered again and settled,
 * it tells its clients to reconnect, which re-reads their rooms and syncs.
 */
export interface RelayListenerTimings {
  /** How long an entry lasts without renewal. Default 10 s. */
  ttlMs?: number;
  /** How often a node renews its entry. Default 2 s. */
  refreshMs?: number;
  /** How long a node waits after registering before it takes sockets; how long a relay trusts an answer. Default 250 ms. */
  settleMs?: number;
}

const DEFAULTS = { ttlMs: 10_000, refreshMs: 2_000, settleMs: 250 };

/** Drops lapsed entries, then adds or renews ARGV[1]'s, lapsing ARGV[2] ms from now. */
const REGISTER = `
${luaRedisNowMs('now')}
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`;

/** 1 if a current entry other than ARGV[1]'s exists, else 0. */
const OTHERS = `
${luaRedisNowMs('now')}
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'LIMIT', 0, 2)
for _, member in ipairs(live) do
  if member ~= ARGV[1] then return 1 end
end
return 0`;

type ListenersRedis = Redis & {
  parleyRelayListen(key: string, origin: string, ttlMs: number): Promise<number>;
  parleyRelayOthers(key: string, origin: string): Promise<number>;
};

function withScripts(redis: Redis): ListenersRedis {
  // Defined commands run by EVALSHA (each script is sent once per connection, not per call).
  if (!('parleyRelayListen' in redis)) {
    redis.defineCommand('parleyRelayListen', { numberOfKeys: 1, lua: REGISTER });
    redis.defineCommand('parleyRelayOthers', { numberOfKeys: 1, lua: OTHERS });
  }
  return redis as ListenersRedis;
}

/**
 * For the relay a node hosts: whether a node other than `origin` listens on `eventsChannel`. An
 * answer is reused for `settleMs` from when it was asked.
 */
export function othersListening(
  redis: Redis,
  eventsChannel: string,
  origin: string,
  timings: RelayListenerTimings = {},
): () => Promise<boolean> {
  const settleMs = timings.settleMs ?? DEFAULTS.settleMs;
  const client = withScripts(redis);
  const key = relayListenersKey(eventsChannel);
  let askedAt = -Infinity;
  let answer = true;
  return async () => {
    if (performance.now() - askedAt < settleMs) return answer;
    const asking = performance.now();
    answer = (await client.parleyRelayOthers(key, origin)) === 1;
    askedAt = asking;
    return answer;
  };
}

export interface RelayListener {
  /** Resolves once this node may take sockets (registered and settled); rejects after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void>;
  /** Stops renewing and removes the entry. */
  close(): Promise<void>;
}

/**
 * Registers a realtime node (`origin`) as listening on `eventsChannel` and keeps it registered.
 * `onLapse` runs when a renewal finds that the entry may have lapsed since the last one (once the
 * new entry has settled): relayed events may have gone unpublished meanwhile.
 */
export function registerRelayListener(
  redis: Redis,
  eventsChannel: string,
  origin: string,
  options: RelayListenerTimings & { logger: Logger; onLapse: () => void },
): RelayListener {
  const ttlMs = options.ttlMs ?? DEFAULTS.ttlMs;
  const refreshMs = options.refreshMs ?? DEFAULTS.refreshMs;
  const settleMs = options.settleMs ?? DEFAULTS.settleMs;
  const client = withScripts(redis);
  const key = relayListenersKey(eventsChannel);
  /**
   * Until when (monotonic clock) the entry surely lasts: the last renewal's send time + ttl
   * (-Infinity until the first).
   */
  let validUntil = -Infinity;
  /** When (monotonic clock) the current entry has settled. */
  let settledAt = Infinity;
  let closed = false;
  let waiters: (() => void)[] = [];
  const open = () => {
    const now = performance.now();
    return now >= settledAt && now <= validUntil;
  };

  async function renew(): Promise<void> {
    const sentAt = performance.now();
    try {
      await client.parleyRelayListen(key, origin, ttlMs);
    } catch (error) {
      options.logger.warn({ err: error }, 'could not renew this node’s relay listener entry');
      return;
    }
    const receivedAt = performance.now();
    // A reply this late (the process stalled) may come after the entry it made lapsed: the next
    // renewal counts instead.
    if (closed || receivedAt > sentAt + ttlMs) return;
    // The last entry surely lasted until validUntil, and this one took effect before receivedAt.
    const lapsed = receivedAt > validUntil;
    const first = validUntil === -Infinity;
    validUntil = sentAt + ttlMs;
    if (!lapsed) return;
    settledAt = receivedAt + settleMs;
    setTimeout(() => {
      if (closed) return;
      if (!first) {
        options.logger.warn(
          'this node’s relay listener entry may have lapsed; clients will resync',
        );
        options.onLapse();
      }
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    }, settleMs);
  }

  const timer = setInterval(() => void renew(), refreshMs);
  void renew();

  return {
    ready(timeoutMs) {
      if (open()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          reject(new Error('this node is not registered for relayed events yet'));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timeout);
          resolve();
        };
        waiters.push(done);
      });
    },
    async close() {
      closed = true;
      clearInterval(timer);
      for (const resolve of waiters) resolve();
      waiters = [];
      await redis.zrem(key, origin).catch(() => undefined);
    },
  };
}
