import type { Redis } from 'ioredis';

/**
 * Reads presence as apps/realtime writes it (presence/presence-tracker.ts there): per workspace and
 * user, a sorted set `<prefix>presence:<workspaceId>:<userId>` of connected devices scored by the
 * instant their heartbeat expires. A user is online in a workspace while any score lies in the
 * future. Read-only: it never prunes or writes the realtime nodes' keys.
 */
export function createPresenceReader(redis: Redis, options: { prefix: string }) {
  const key = (workspaceId: string, userId: string) =>
    `${options.prefix}presence:${workspaceId}:${userId}`;
  return {
    async isOnline(workspaceId: string, userId: string, now = Date.now()): Promise<boolean> {
      return (await redis.zcount(key(workspaceId, userId), `(${now}`, '+inf')) > 0;
    },
  };
}

export type PresenceReader = ReturnType<typeof createPresenceReader>;
