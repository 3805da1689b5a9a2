import type { PresenceStatus } from '@parley/contracts';
import { presenceKeys } from '@parley/api/presence/presence-reader';
import type { Redis } from 'ioredis';

export interface PresenceOptions {
  prefix: string;
  /** A device counts as connected this long after its last heartbeat. */
  ttlMs: number;
  /** After the last device goes, wait this long before announcing offline (reconnects, reloads). */
  graceMs: number;
}

/**
 * Presence in Redis, shared by every node: per user a sorted set of devices scored by expiry
 * (refreshed by heartbeat), plus the user's chosen status. Online while any device is live.
 */
export function createPresenceTracker(redis: Redis, options: PresenceOptions) {
  const { devices: devicesKey, status: statusKey } = presenceKeys(options.prefix);

  async function liveDevices(ws: string, user: string): Promise<number> {
    const key = devicesKey(ws, user);
    await redis.zremrangebyscore(key, '-inf', Date.now());
    return redis.zcard(key);
  }

  /** Keeps devices alive for another TTL, in one pipelined round trip. */
  async function refresh(devices: { ws: string; user: string; deviceId: string }[]): Promise<void> {
    if (devices.length === 0) return;
    const pipeline = redis.pipeline();
    const until = Date.now() + options.ttlMs;
    for (const d of devices) {
      const key = devicesKey(d.ws, d.user);
      pipeline.zadd(key, until, d.deviceId).pexpire(key, options.ttlMs * 2);
    }
    await pipeline.exec();
  }

  return {
    options,
    /** Registers or refreshes a device. Returns true when the user just came online. */
    async heartbeat(ws: string, user: string, deviceId: string): Promise<boolean> {
      const before = await liveDevices(ws, user);
      await refresh([{ ws, user, deviceId }]);
      return before === 0;
    },
    /**
     * Keeps many already-registered devices alive (the periodic heartbeat of a node); coming
     * online is announced by `heartbeat` when a device connects.
     */
    refresh,
    async removeDevice(ws: string, user: string, deviceId: string): Promise<void> {
      await redis.zrem(devicesKey(ws, user), deviceId);
    },
    async status(ws: string, user: string): Promise<PresenceStatus> {
      if ((await liveDevices(ws, user)) === 0) return 'offline';
      return (await redis.get(statusKey(ws, user))) === 'away' ? 'away' : 'active';
    },
    async setStatus(ws: string, user: string, status: 'active' | 'away'): Promise<void> {
      await redis.set(statusKey(ws, user), status, 'EX', 86_400);
    },
    async statuses(ws: string, users: string[]): Promise<Record<string, PresenceStatus>> {
      const out: Record<string, PresenceStatus> = {};
      for (const user of users) out[user] = await this.status(ws, user);
      return out;
    },
  };
}

export type PresenceTracker = ReturnType<typeof createPresenceTracker>;
