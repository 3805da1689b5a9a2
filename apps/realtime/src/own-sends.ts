import type { DomainEvent } from '@parley/contracts';

/** How many sends a node remembers at most (oldest forgotten first): ~100 bytes each. */
const MAX_REMEMBERED = 10_000;

export interface OwnSends {
  /** Remembers that `socketId` sent the message `messageId` and was acked it. */
  add(messageId: string, socketId: string): void;
  /** The socket that sent this message.created event's message, if this node remembers it (once). */
  take(event: DomainEvent): string | undefined;
}

/**
 * The sockets of this node that sent messages they were acked but not yet relayed, so the relayed
 * message.created passes them by: the ack already carried the committed message (id, seq,
 * author), and the sending socket would only drop the copy (the chat bench: one socket write in
 * eleven). Its user's other devices still get it. A send relayed before it was remembered, or
 * forgotten, reaches its socket as before, and the client dedupes it by id.
 */
export function createOwnSends(maxRemembered = MAX_REMEMBERED): OwnSends {
  const senders = new Map<string, string>();
  return {
    add(messageId, socketId) {
      senders.set(messageId, socketId);
      if (senders.size > maxRemembered) {
        const oldest = senders.keys().next().value;
        if (oldest !== undefined) senders.delete(oldest);
      }
    },
    take(event) {
      if (event.type !== 'message.created' || senders.size === 0) return undefined;
      const id = event.payload.message.id;
      const socketId = senders.get(id);
      if (socketId !== undefined) senders.delete(id);
      return socketId;
    },
  };
}
