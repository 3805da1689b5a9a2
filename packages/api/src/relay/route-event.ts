import { rooms, socketEventFor, type DomainEvent } from '@parley/contracts';
import type { Emitter } from '@socket.io/redis-emitter';

/**
 * Delivers one committed domain event to the sockets that may see it, on every realtime node,
 * and keeps socket room membership in step with channel membership.
 */
export function routeEvent(emitter: Emitter, event: DomainEvent): void {
  const ws = event.workspaceId;
  const name = socketEventFor[event.type];
  const emit = (room: string | string[]) => emitter.to(room).emit(name, event);
  switch (event.type) {
    case 'channel.created': {
      const userRooms = event.payload.memberIds.map((id) => rooms.user(ws, id));
      emitter.in(userRooms).socketsJoin(rooms.channel(event.payload.channel.id));
      emit(event.payload.channel.kind === 'public' ? rooms.workspace(ws) : userRooms);
      return;
    }
    case 'channel.member_joined':
      emitter
        .in(rooms.user(ws, event.payload.userId))
        .socketsJoin(rooms.channel(event.payload.channelId));
      emit(rooms.channel(event.payload.channelId));
      return;
    case 'channel.member_left':
      // The leaver hears it too (their sidebar drops the channel), then their sockets leave the room.
      emit([rooms.channel(event.payload.channelId), rooms.user(ws, event.payload.userId)]);
      emitter
        .in(rooms.user(ws, event.payload.userId))
        .socketsLeave(rooms.channel(event.payload.channelId));
      return;
    case 'member.deactivated':
      emit(rooms.workspace(ws));
      emitter.in(rooms.user(ws, event.payload.userId)).disconnectSockets(true);
      return;
    case 'member.role_changed':
    case 'member.joined':
      emit(rooms.workspace(ws));
      return;
    case 'read.updated':
      emit(rooms.user(ws, event.payload.userId));
      return;
    case 'file.updated':
      emit(rooms.user(ws, event.payload.uploaderId));
      return;
    default:
      if (event.channelId) emit(rooms.channel(event.channelId));
      else emit(rooms.workspace(ws));
  }
}
