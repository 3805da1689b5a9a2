import { z } from 'zod';
import { HISTORY_PAGE_SIZE, clientMsgId, emoji, id, messageBody } from '../common.ts';

export const sendMessageInput = z.object({
  channelId: id,
  body: messageBody,
  /** Idempotency key chosen by the client; a retry with the same key returns the original message. */
  clientMsgId: clientMsgId.optional(),
  threadRootId: id.optional(),
  fileIds: z.array(id).max(10, 'at most 10 attachments').optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageInput>;

export const editMessageInput = z.object({ messageId: id, body: messageBody });
export type EditMessageInput = z.infer<typeof editMessageInput>;

export const deleteMessageInput = z.object({ messageId: id });
export type DeleteMessageInput = z.infer<typeof deleteMessageInput>;

export const reactionInput = z.object({ messageId: id, emoji });
export type ReactionInput = z.infer<typeof reactionInput>;

export const pinInput = z.object({ messageId: id });
export type PinInput = z.infer<typeof pinInput>;

export const listPinsInput = z.object({ channelId: id });
export type ListPinsInput = z.infer<typeof listPinsInput>;

/** Keyset pagination by seq. Exactly one of before/after/around, or none for the newest page. */
export const historyInput = z
  .object({
    channelId: id,
    before: z.number().int().positive().optional(),
    after: z.number().int().nonnegative().optional(),
    around: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(HISTORY_PAGE_SIZE).default(HISTORY_PAGE_SIZE),
  })
  .refine(
    (v) => [v.before, v.after, v.around].filter((x) => x !== undefined).length <= 1,
    'use only one of before, after, around',
  );
export type HistoryInput = z.input<typeof historyInput>;

export const threadInput = z.object({
  rootId: id,
  after: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(HISTORY_PAGE_SIZE).default(HISTORY_PAGE_SIZE),
});
export type ThreadInput = z.input<typeof threadInput>;

export const markReadInput = z.object({ channelId: id, seq: z.number().int().nonnegative() });
export type MarkReadInput = z.infer<typeof markReadInput>;

export const searchMessagesInput = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'type something to search for')
    .max(500, 'the search is longer than 500 characters'),
  limit: z.number().int().min(1).max(50).default(20),
});
export type SearchMessagesInput = z.input<typeof searchMessagesInput>;
