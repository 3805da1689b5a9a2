import { rooms } from '@parley/contracts';
import type { RealtimeContext, ParleySocket } from '../realtime-context.ts';
import { onCommand } from './command.ts';

/**
 * Message commands. The ack carries the committed message (id, seq); the broadcast comes from the
 * relay, and passes by the socket that sent it (ownSends).
 */
export function registerMessageHandlers(ctx: RealtimeContext, socket: ParleySocket): void {
  const { messages, readState } = ctx.services;
  onCommand(ctx, socket, 'message:send', async (actor, input) => {
    const { message, duplicate } = await messages.sendMessage(actor, input);
    // A retried clientMsgId was relayed the first time: nothing new to pass by.
    if (!duplicate) ctx.ownSends.add(message.id, socket.id);
    return message;
  });
  onCommand(ctx, socket, 'message:edit', (actor, input) => messages.editMessage(actor, input));
  onCommand(ctx, socket, 'message:delete', (actor, input) => messages.deleteMessage(actor, input));
  onCommand(ctx, socket, 'reaction:add', (actor, input) => messages.addReaction(actor, input));
  onCommand(ctx, socket, 'reaction:remove', (actor, input) =>
    messages.removeReaction(actor, input),
  );
  onCommand(ctx, socket, 'read:mark', async (actor, input) => {
    const result = await readState.markRead(actor, input);
    // Every device of the user (this one included) gets the channel's new counts.
    const counts = await readState.getChannelUnread(actor, { channelId: input.channelId });
    ctx.io.to(rooms.user(actor.workspaceId, actor.id)).emit('unread:updated', counts);
    return result;
  });
  // Rate-limited like every command: one sync may read hundreds of channels.
  onCommand(ctx, socket, 'sync', (actor, input) =>
    ctx.services.realtime.syncChannels(actor, input),
  );
}
