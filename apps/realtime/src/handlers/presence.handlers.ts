import { rooms } from '@parley/contracts';
import type { RealtimeContext, ParleySocket } from '../realtime-context.ts';
import { onCommand } from './command.ts';

/**
 * Presence across devices and nodes: each socket is a device with a heartbeat-refreshed expiry in
 * Redis. A user goes offline only when the last device is gone and the grace period has passed.
 */
export async function registerPresence(ctx: RealtimeContext, socket: ParleySocket): Promise<void> {
  const { workspaceId: ws, userId, deviceId } = socket.data;
  const announce = async () => {
    ctx.io
      .to(rooms.workspace(ws))
      .emit('presence:updated', { userId, status: await ctx.presence.status(ws, userId) });
  };
  // Listeners first, before any await: a client that says `presence:set` at once, or drops at once,
  // must not find no handler. The device is removed only after it has been added.
  const added = ctx.presence.heartbeat(ws, userId, deviceId);
  onCommand(ctx, socket, 'presence:set', async (_actor, input) => {
    await ctx.presence.setStatus(ws, userId, input.status);
    await announce();
    return null;
  });

  socket.on('disconnect', () => {
    void (async () => {
      await added.catch(() => false);
      await ctx.presence.removeDevice(ws, userId, deviceId);
      setTimeout(() => {
        void ctx.presence
          .status(ws, userId)
          .then((status) => {
            if (status === 'offline')
              ctx.io.to(rooms.workspace(ws)).emit('presence:updated', { userId, status });
          })
          .catch((error: unknown) => ctx.logger.warn({ err: error }, 'presence check failed'));
      }, ctx.presence.options.graceMs);
    })().catch((error: unknown) => ctx.logger.warn({ err: error }, 'presence removal failed'));
  });
  if (await added) await announce();
}
