import type { Redis } from 'ioredis';

/**
 * Where presence lives in Redis (apps/realtime writes it through its presence tracker, which uses
 * these names): per workspace and user, a sorted set of connected devices scored by the instant
 * their heartbeat expires, and the status the user chose (`away`, or absent for active).
 */
export function presenceKeys(prefix: string) {
  return {
    devices: (workspaceId: string, userId: string) => `${prefix}presence:${workspaceId}:${userId}`,
    status: (workspaceId: string, userId: string) =>
      `${prefix}presence-status:${workspaceId}:${userId}`,
  };
}

/**
 * Reads presence as the realtime nodes write it. A user is online in a workspace while any device
 * score lies in the future, and active when online and not set to away. Read-only: it never
 * prunes or writes the realtime nodes' keys.
 */
export function createPresenceReader(redis: Redis, options: { prefix: string }) {
  const keys = presenceKeys(options.prefix);
  const isOnline = async (workspaceId: string, userId: string, now = Date.now()) =>
    (await redis.zcount(keys.devices(workspaceId, userId), `(${now}`, '+inf')) > 0;
  return {
    isOnline,
    /** Online with the app in front of them: what they are told live needs no push. */
    async isActive(workspaceId: string, userId: string, now = Date.now()): Promise<boolean> {
      if (!(await isOnline(workspaceId, userId, now))) return false;
      return (await redis.get(keys.status(workspaceId, userId))) !== 'away';
    },
  };
}

export type PresenceReader = ReturnType<typeof createPresenceReader>;
