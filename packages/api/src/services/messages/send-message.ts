import {
  sendMessageInput,
  type Actor,
  type MessageDto,
  type NewDomainEvent,
} from '@parley/contracts';
import { requireChannelRead, assertWritable } from '../access.ts';
import type { ServiceDeps, Tx } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { messageInclude, toMessageDto } from './message-dto.ts';
import { parseMentions } from './parse-mentions.ts';
import { resolveMentionedUsers } from './resolve-mentions.ts';

export interface SendMessageResult {
  message: MessageDto;
  /** True when this was a retry of an already-stored clientMsgId: nothing new was written. */
  duplicate: boolean;
}

/**
 * Sends a message. In one transaction: lock the channel row, take lastSeq + 1 (gapless, strictly
 * ordered per channel), insert the message, its mentions and attachments, bump the thread root,
 * and write the outbox events. The result exists only after commit. A repeat of the same
 * clientMsgId by the same author in the same channel returns the original message.
 */
export async function sendMessage(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<SendMessageResult> {
  const input = parseInput(sendMessageInput, rawInput);
  const result = await deps.db.$transaction(
    async (tx) => {
      const access = await requireChannelRead(tx, actor, input.channelId);
      assertWritable(access);
      const locked = await lockChannel(tx, input.channelId);
      const authorUserId = access.member.kind === 'user' ? access.member.id : null;
      const authorBotId = access.member.kind === 'bot' ? access.member.id : null;
      if (!authorUserId && !authorBotId) throw badRequest('the system cannot author messages');

      if (input.clientMsgId) {
        const existing = await tx.message.findFirst({
          where: {
            channelId: input.channelId,
            authorUserId,
            authorBotId,
            clientMsgId: input.clientMsgId,
          },
          include: messageInclude,
        });
        if (existing) return { message: toMessageDto(existing), duplicate: true, events: [] };
      }

      const root = input.threadRootId
        ? await loadThreadRoot(tx, input.channelId, input.threadRootId)
        : null;
      const fileIds = input.fileIds ?? [];
      if (fileIds.length > 0) await assertAttachable(tx, actor.workspaceId, authorUserId, fileIds);

      const now = deps.clock();
      const seq = locked.lastSeq + 1;
      await tx.channel.update({
        where: { id: input.channelId },
        data: { lastSeq: seq, lastMessageAt: now },
      });
      const created = await tx.message.create({
        data: {
          workspaceId: actor.workspaceId,
          channelId: input.channelId,
          seq,
          authorUserId,
          authorBotId,
          body: input.body,
          clientMsgId: input.clientMsgId ?? null,
          threadRootId: root?.id ?? null,
          createdAt: now,
          attachments: { create: fileIds.map((fileId, position) => ({ fileId, position })) },
        },
        include: messageInclude,
      });

      const parsed = parseMentions(input.body);
      const mentionedUserIds = await resolveMentionedUsers(tx, actor.workspaceId, parsed);
      const mentionRows = [
        ...mentionedUserIds.map((userId) => ({ kind: 'user' as const, userId })),
        ...(parsed.channel ? [{ kind: 'channel' as const, userId: null }] : []),
        ...(parsed.here ? [{ kind: 'here' as const, userId: null }] : []),
      ];
      if (mentionRows.length > 0) {
        await tx.mention.createMany({
          data: mentionRows.map((m) => ({
            ...m,
            messageId: created.id,
            channelId: input.channelId,
            seq,
            createdAt: now,
          })),
        });
      }

      // The sender has read everything up to their own message.
      if (authorUserId) {
        await tx.channelMember.updateMany({
          where: { channelId: input.channelId, userId: authorUserId, lastReadSeq: { lt: seq } },
          data: { lastReadSeq: seq },
        });
      }

      const message = toMessageDto(created);
      const events: NewDomainEvent[] = [
        {
          type: 'message.created',
          workspaceId: actor.workspaceId,
          channelId: input.channelId,
          payload: {
            message,
            mentions: { userIds: mentionedUserIds, channel: parsed.channel, here: parsed.here },
          },
        },
      ];
      if (root) {
        const updatedRoot = await tx.message.update({
          where: { id: root.id },
          data: { replyCount: { increment: 1 }, lastReplyAt: now },
          select: { replyCount: true, lastReplyAt: true },
        });
        events.push({
          type: 'thread.updated',
          workspaceId: actor.workspaceId,
          channelId: input.channelId,
          payload: {
            rootId: root.id,
            channelId: input.channelId,
            replyCount: updatedRoot.replyCount,
            lastReplyAt: updatedRoot.lastReplyAt?.toISOString() ?? null,
          },
        });
      }
      await writeOutbox(tx, now, events);
      return { message, duplicate: false, events };
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
  if (result.events.length > 0) deps.events.committed();
  return { message: result.message, duplicate: result.duplicate };
}

async function lockChannel(tx: Tx, channelId: string): Promise<{ lastSeq: number }> {
  const rows = await tx.$queryRaw<{ lastSeq: number }[]>`
    SELECT "lastSeq" FROM channels WHERE id = ${channelId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound('channel');
  return row;
}

async function loadThreadRoot(tx: Tx, channelId: string, rootId: string) {
  const root = await tx.message.findFirst({
    where: { id: rootId, channelId },
    select: { id: true, threadRootId: true, deletedAt: true },
  });
  if (!root) throw notFound('thread');
  if (root.threadRootId) throw badRequest('reply to the thread root, not to a reply');
  if (root.deletedAt) throw badRequest('this message was deleted');
  return root;
}

async function assertAttachable(
  tx: Tx,
  workspaceId: string,
  uploaderId: string | null,
  fileIds: string[],
) {
  const files = await tx.file.findMany({
    where: { id: { in: fileIds }, workspaceId, ...(uploaderId ? { uploaderId } : {}) },
    select: { id: true, status: true },
  });
  if (files.length !== new Set(fileIds).size) throw notFound('file');
  if (files.some((f) => f.status === 'rejected'))
    throw badRequest('a rejected file cannot be attached');
}
