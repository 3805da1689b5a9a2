import type { RoomEmitter, RoomTarget } from '@parley/api/relay';

/** What a membership event does to one connecting socket, replayed once its rooms are joined. */
export type RoomChange = { kind: 'join' | 'leave'; room: string } | { kind: 'disconnect' };

export interface ConnectingSockets {
  /**
   * A routeEvent target that records, for each socket still in the handshake, what membership
   * events do to its user's sockets. Emits are not recorded: the client syncs on connect.
   */
  target: RoomTarget;
  /** True while some socket is in the handshake (the relay skips the second routing otherwise). */
  readonly any: boolean;
  /**
   * Starts recording for a socket of the user whose room is `userRoom`. Call before reading the
   * socket's rooms from the database; `finish` stops recording and returns the changes, in the
   * order they were relayed, to apply after joining those rooms.
   */
  track(userRoom: string): { finish(): RoomChange[] };
}

/**
 * Sockets in the handshake. Socket.IO counts a socket among the node's sockets only once its
 * middleware is done, so a join, leave or deactivation relayed while its rooms were being read
 * would pass it by, and a member removed at that moment would keep the channel's room. Each
 * such socket records what the relayed membership events do to it instead.
 */
export function createConnectingSockets(): ConnectingSockets {
  const byUserRoom = new Map<string, Set<RoomChange[]>>();
  const record = (room: string | string[], change: RoomChange) => {
    for (const r of typeof room === 'string' ? [room] : room)
      for (const changes of byUserRoom.get(r) ?? []) changes.push(change);
  };
  const emitsNothing: RoomEmitter = { emit: () => undefined, except: () => emitsNothing };
  const target: RoomTarget = {
    to: () => emitsNothing,
    in: (userRoom) => ({
      socketsJoin: (room) => record(userRoom, { kind: 'join', room }),
      socketsLeave: (room) => record(userRoom, { kind: 'leave', room }),
      disconnectSockets: () => record(userRoom, { kind: 'disconnect' }),
    }),
  };
  return {
    target,
    get any() {
      return byUserRoom.size > 0;
    },
    track(userRoom) {
      const changes: RoomChange[] = [];
      const set = byUserRoom.get(userRoom) ?? new Set();
      byUserRoom.set(userRoom, set.add(changes));
      return {
        finish() {
          set.delete(changes);
          if (set.size === 0 && byUserRoom.get(userRoom) === set) byUserRoom.delete(userRoom);
          return changes;
        },
      };
    },
  };
}
