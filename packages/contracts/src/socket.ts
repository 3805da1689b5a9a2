import { z } from 'zod';
import { id } from './common.ts';
import type { DomainEvent } from './events/index.ts';
import type { MessageDto } from './entities.ts';
import {
  deleteMessageInput,
  editMessageInput,
  markReadInput,
  reactionInput,
  sendMessageInput,
} from './inputs/messages.inputs.ts';

/** Socket.IO contract. Client commands are `noun:verb`; server pushes are past tense. */

export const errorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
] as const;
export const errorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCode>;

export type Ack<T> =
  { ok: true; data: T } | { ok?: false; error: { code: ErrorCode; message: string } };
export type AckFn<T> = (response: Ack<T>) => void;

export const typingInput = z.object({ channelId: id, threadRootId: id.optional() });
export type TypingInput = z.infer<typeof typingInput>;

export const presenceSetInput = z.object({ status: z.enum(['active', 'away']) });
export type PresenceSetInput = z.infer<typeof presenceSetInput>;

/** channelId → highest message seq the client has seen. */
export const syncInput = z.object({ channels: z.record(id, z.number().int().nonnegative()) });
export type SyncInput = z.infer<typeof syncInput>;

export type SyncChannelResult =
  | { channelId: string; status: 'ok'; messages: MessageDto[] }
  | { channelId: string; status: 'too_far_behind'; lastSeq: number }
  | { channelId: string; status: 'forbidden' };
export interface SyncResult {
  channels: SyncChannelResult[];
}

export const presenceStatus = z.enum(['active', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof presenceStatus>;

export const clientCommands = {
  'message:send': sendMessageInput,
  'message:edit': editMessageInput,
  'message:delete': deleteMessageInput,
  'reaction:add': reactionInput,
  'reaction:remove': reactionInput,
  'typing:start': typingInput,
  'typing:stop': typingInput,
  'read:mark': markReadInput,
  'presence:set': presenceSetInput,
  sync: syncInput,
} as const;

export interface ClientToServerEvents {
  'message:send': (input: z.input<typeof sendMessageInput>, ack: AckFn<MessageDto>) => void;
  'message:edit': (input: z.input<typeof editMessageInput>, ack: AckFn<MessageDto>) => void;
  'message:delete': (
    input: z.input<typeof deleteMessageInput>,
    ack: AckFn<{ messageId: string }>,
  ) => void;
  'reaction:add': (input: z.input<typeof reactionInput>, ack: AckFn<{ added: boolean }>) => void;
  'reaction:remove': (
    input: z.input<typeof reactionInput>,
    ack: AckFn<{ removed: boolean }>,
  ) => void;
  'typing:start': (input: TypingInput, ack?: AckFn<null>) => void;
  'typing:stop': (input: TypingInput, ack?: AckFn<null>) => void;
  'read:mark': (input: z.input<typeof markReadInput>, ack: AckFn<{ lastReadSeq: number }>) => void;
  'presence:set': (input: PresenceSetInput, ack?: AckFn<null>) => void;
  sync: (input: SyncInput, ack: AckFn<SyncResult>) => void;
}

export interface TypingPush {
  channelId: string;
  threadRootId: string | null;
  userId: string;
  typing: boolean;
}
export interface PresencePush {
  userId: string;
  status: PresenceStatus;
}
export interface UnreadPush {
  channelId: string;
  lastReadSeq: number;
  unreadCount: number;
  mentionCount: number;
}

type Push<T extends DomainEvent['type']> = (event: Extract<DomainEvent, { type: T }>) => void;

export interface ServerToClientEvents {
  'message:created': Push<'message.created'>;
  'message:updated': Push<'message.updated'>;
  'message:deleted': Push<'message.deleted'>;
  'thread:updated': Push<'thread.updated'>;
  'reaction:added': Push<'reaction.added'>;
  'reaction:removed': Push<'reaction.removed'>;
  'message:pinned': Push<'message.pinned'>;
  'message:unpinned': Push<'message.unpinned'>;
  'channel:created': Push<'channel.created'>;
  'channel:updated': Push<'channel.updated'>;
  'channel:archived': Push<'channel.archived'>;
  'channel:member_joined': Push<'channel.member_joined'>;
  'channel:member_left': Push<'channel.member_left'>;
  'member:role_changed': Push<'member.role_changed'>;
  'member:deactivated': Push<'member.deactivated'>;
  'member:joined': Push<'member.joined'>;
  'read:updated': Push<'read.updated'>;
  'file:updated': Push<'file.updated'>;
  'unread:updated': (push: UnreadPush) => void;
  'presence:updated': (push: PresencePush) => void;
  typing: (push: TypingPush) => void;
  /** Sent before a node shuts down: reconnect (to another node) and sync. */
  'server:reconnect': (push: { reason: string }) => void;
}

/** Domain event type → the socket event it is pushed as. */
export const socketEventFor = {
  'message.created': 'message:created',
  'message.updated': 'message:updated',
  'message.deleted': 'message:deleted',
  'thread.updated': 'thread:updated',
  'reaction.added': 'reaction:added',
  'reaction.removed': 'reaction:removed',
  'message.pinned': 'message:pinned',
  'message.unpinned': 'message:unpinned',
  'channel.created': 'channel:created',
  'channel.updated': 'channel:updated',
  'channel.archived': 'channel:archived',
  'channel.member_joined': 'channel:member_joined',
  'channel.member_left': 'channel:member_left',
  'member.role_changed': 'member:role_changed',
  'member.deactivated': 'member:deactivated',
  'member.joined': 'member:joined',
  'read.updated': 'read:updated',
  'file.updated': 'file:updated',
} as const satisfies Record<DomainEvent['type'], keyof ServerToClientEvents>;

export interface InterServerEvents {
  ping: () => void;
}

export interface SocketData {
  userId: string;
  workspaceId: string;
  deviceId: string;
}

export const rooms = {
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
  channel: (channelId: string) => `channel:${channelId}`,
  /** A user's own sockets within one workspace (their devices and tabs). */
  user: (workspaceId: string, userId: string) => `user:${workspaceId}:${userId}`,
};
