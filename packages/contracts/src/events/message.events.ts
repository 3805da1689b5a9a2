import { z } from 'zod';
import { id, isoDate } from '../common.ts';
import { messageDto } from '../entities.ts';
import { eventSchema } from './envelope.ts';

export const messageCreatedEvent = eventSchema(
  'message.created',
  z.object({
    message: messageDto,
    /** User ids mentioned directly, plus flags for @channel / @here. */
    mentions: z.object({ userIds: z.array(id), channel: z.boolean(), here: z.boolean() }),
  }),
);
export const messageUpdatedEvent = eventSchema(
  'message.updated',
  z.object({ message: messageDto }),
);
export const messageDeletedEvent = eventSchema(
  'message.deleted',
  z.object({
    messageId: id,
    channelId: id,
    seq: z.number().int(),
    threadRootId: id.nullable(),
    deletedAt: isoDate,
  }),
);
export const threadUpdatedEvent = eventSchema(
  'thread.updated',
  z.object({
    rootId: id,
    channelId: id,
    replyCount: z.number().int(),
    lastReplyAt: isoDate.nullable(),
  }),
);
export const reactionAddedEvent = eventSchema(
  'reaction.added',
  z.object({ messageId: id, channelId: id, userId: id, emoji: z.string() }),
);
export const reactionRemovedEvent = eventSchema(
  'reaction.removed',
  z.object({ messageId: id, channelId: id, userId: id, emoji: z.string() }),
);
export const messagePinnedEvent = eventSchema(
  'message.pinned',
  z.object({ messageId: id, channelId: id, pinnedById: id }),
);
export const messageUnpinnedEvent = eventSchema(
  'message.unpinned',
  z.object({ messageId: id, channelId: id }),
);
