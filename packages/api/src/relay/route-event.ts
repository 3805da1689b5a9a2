import { rooms, socketEventFor, type DomainEvent } from '@parley/contracts';

/** Emits to the rooms chosen, except to the sockets in the room given to `except`. */
export interface RoomEmitter {
  emit(event: string, payload: DomainEvent): unknown;
  except(room: string): RoomEmitter;
}

/**
 * What routeEvent drives: a realtime node's own sockets (`io.local`), described by the room
 * operations it uses so that this package needs no Socket.IO server types.
 */
export interface RoomTarget {
  to(room: string | string[]): RoomEmitter;
  in(room: string | string[]): {
    socketsJoin(room: string): void;
    socketsLeave(room: string): void;
    disconnectSockets(close?: boolean): void;
  };
}

/**
 * Delivers one committed domain event to the sockets that may see it, and keeps socket room
 * membership in step with channel membership. Events must be routed in outbox order: a join comes
 * before the events the new member may see, and a leave after those they still may.
 *
 * `sentBy`: the socket a message.created event's message was sent from, when this node holds it
 * (see own-sends in apps/realtime). It was acked the committed message, so it is passed by; the
 * sender's other devices still get the event.
 */
export function routeEvent(target: RoomTarget, event: DomainEvent, sentBy?: string): void {
  const ws = event.workspaceId;
  const name = socketEventFor[event.type];
  const emit = (room: string | string[]) =>
    (sentBy === undefined ? target.to(room) : target.to(room).except(sentBy)).emit(name, event);
  switch (event.type) {
    case 'channel.created': {
      const userRooms = event.payload.memberIds.map((id) => rooms.user(ws, id));
      target.in(userRooms).socketsJoin(rooms.channel(event.payload.channel.id));
      emit(event.payload.channel.kind === 'public' ? rooms.workspace(ws) : userRooms);
      return;
    }
    case 'channel.member_joined':
      target
        .in(rooms.user(ws, event.payload.userId))
        .socketsJoin(rooms.channel(event.payload.channelId));
      emit(rooms.channel(event.payload.channelId));
      return;
    case 'channel.member_left':
      // The leaver hears it too (their sidebar drops the channel), then their sockets leave the room.
      emit([rooms.channel(event.payload.channelId), rooms.user(ws, event.payload.userId)]);
      target
        .in(rooms.user(ws, event.payload.userId))
        .socketsLeave(rooms.channel(event.payload.channelId));
      return;
    case 'member.deactivated':
      emit(rooms.workspace(ws));
      target.in(rooms.user(ws, event.payload.userId)).disconnectSockets(true);
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
