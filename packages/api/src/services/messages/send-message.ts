import {
  sendMessageInput,
  type Actor,
  type SendMessageInput,
  type NewDomainEvent,
} from '@parley/contracts';
import { v7 as uuidv7 } from 'uuid';
import { assertWritable } from '../access.ts';
import type { ServiceDeps, Tx } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { lockChannelForSend } from './lock-channel-for-send.ts';
import { sendQueueFor, type Sent } from './send-queue.ts';
import { messageInclude, toMessageDto } from './message-dto.ts';
import { newMessageDto } from './new-message-dto.ts';
import { parseMentions } from './parse-mentions.ts';
import { resolveMentionedUsers } from './resolve-mentions.ts';

export type SendMessageResult = Sent;

/**
 * Sends a message. In one transaction: lock the channel row, take lastSeq + 1 (gapless, strictly
 * ordered per channel), insert the message, its mentions and attachments, bump the thread root,
 * and write the outbox events. The result exists only after commit. A repeat of the same
 * clientMsgId by the same author in the same channel returns the original message.
 *
 * This is the hottest write in Parley. Every send goes through the process's send queue
 * (send-queue.ts), which commits a channel's sends in the order they arrived. Plain sends
 * (a person, no thread, files or mentions) are group-committed: concurrent ones share one SQL
 * statement. The rest, and any plain send the statement did not write, take the general
 * transaction below, which speaks SQL directly and builds the wire shape from what it wrote
 * instead of reading it back.
 */
export async function sendMessage(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<SendMessageResult> {
  const input = parseInput(sendMessageInput, rawInput);
  const plain =
    actor.kind === 'user' &&
    !input.threadRootId &&
    !input.fileIds?.length &&
    !/[@<]/.test(input.body);
  return sendQueueFor(deps).send(
    input.channelId,
    plain ? { ...input, actor: { ...actor, kind: 'user' } } : null,
    () => sendInTransaction(deps, actor, input),
  );
}

/** The general path: this send alone, in one transaction. */
async function sendInTransaction(
  deps: ServiceDeps,
  actor: Actor,
  input: SendMessageInput,
): Promise<SendMessageResult> {
  const result = await deps.db.$transaction(
    async (tx) => {
      const { access, lastSeq, author } = await lockChannelForSend(tx, actor, input.channelId);
      assertWritable(access);
      const authorUserId = access.member.kind === 'user' ? access.member.id : null;
      const authorBotId = access.member.kind === 'bot' ? access.member.id : null;
      if (!authorUserId && !authorBotId) throw badRequest('the system cannot author messages');

      if (input.clientMsgId) {
        const [existing] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id::text FROM messages
          WHERE "channelId" = ${input.channelId}::uuid AND "clientMsgId" = ${input.clientMsgId}
            AND "authorUserId" IS NOT DISTINCT FROM ${authorUserId}::uuid AND "authorBotId" IS NOT DISTINCT FROM ${authorBotId}::uuid`;
        if (existing) {
          const original = await tx.message.findUniqueOrThrow({
            where: { id: existing.id },
            include: messageInclude,
          });
          return { message: toMessageDto(original), duplicate: true, events: [] };
        }
      }

      const root = input.threadRootId
        ? await loadThreadRoot(tx, input.channelId, input.threadRootId)
        : null;
      const fileIds = [...new Set(input.fileIds ?? [])];
      const files =
        fileIds.length > 0
          ? await loadAttachable(tx, actor.workspaceId, authorUserId, fileIds)
          : [];

      const now = deps.clock();
      const seq = lastSeq + 1;
      const id = uuidv7();
      await tx.$executeRaw`UPDATE channels SET "lastSeq" = ${seq}, "lastMessageAt" = ${now}, "updatedAt" = ${now} WHERE id = ${input.channelId}::uuid`;
      await tx.$executeRaw`
        INSERT INTO messages (id, "workspaceId", "channelId", seq, "authorUserId", "authorBotId", body, "clientMsgId", "threadRootId", "createdAt")
        VALUES (${id}::uuid, ${actor.workspaceId}::uuid, ${input.channelId}::uuid, ${seq}, ${authorUserId}::uuid, ${authorBotId}::uuid,
                ${input.body}, ${input.clientMsgId ?? null}, ${root?.id ?? null}::uuid, ${now})`;
      if (files.length > 0) {
        await tx.messageAttachment.createMany({
          data: files.map((f, position) => ({ messageId: id, fileId: f.id, position })),
        });
      }

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
            messageId: id,
            channelId: input.channelId,
            seq,
            createdAt: now,
          })),
        });
      }

      // The sender has read everything up to their own message.
      if (authorUserId) {
        await tx.$executeRaw`
          UPDATE channel_members SET "lastReadSeq" = ${seq}
          WHERE "channelId" = ${input.channelId}::uuid AND "userId" = ${authorUserId}::uuid AND "lastReadSeq" < ${seq}`;
      }

      const message = newMessageDto({
        id,
        workspaceId: actor.workspaceId,
        channelId: input.channelId,
        seq,
        author,
        body: input.body,
        clientMsgId: input.clientMsgId ?? null,
        threadRootId: root?.id ?? null,
        createdAt: now.toISOString(),
        attachments: files.map((f) => ({
          id: f.id,
          name: f.name,
          contentType: f.contentType,
          size: f.size,
          status: f.status,
          width: f.width,
          height: f.height,
        })),
      });
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
        const [updated] = await tx.$queryRaw<{ replyCount: number; lastReplyAt: Date | null }[]>`
          UPDATE messages SET "replyCount" = "replyCount" + 1, "lastReplyAt" = ${now}
          WHERE id = ${root.id}::uuid RETURNING "replyCount", "lastReplyAt"`;
        events.push({
          type: 'thread.updated',
          workspaceId: actor.workspaceId,
          channelId: input.channelId,
          payload: {
            rootId: root.id,
            channelId: input.channelId,
            replyCount: updated?.replyCount ?? 0,
            lastReplyAt: updated?.lastReplyAt?.toISOString() ?? null,
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

async function loadThreadRoot(tx: Tx, channelId: string, rootId: string) {
  const [root] = await tx.$queryRaw<
    { id: string; threadRootId: string | null; deletedAt: Date | null }[]
  >`
    SELECT id::text, "threadRootId"::text, "deletedAt" FROM messages WHERE id = ${rootId}::uuid AND "channelId" = ${channelId}::uuid`;
  if (!root) throw notFound('thread');
  if (root.threadRootId) throw badRequest('reply to the thread root, not to a reply');
  if (root.deletedAt) throw badRequest('this message was deleted');
  return root;
}

async function loadAttachable(
  tx: Tx,
  workspaceId: string,
  uploaderId: string | null,
  fileIds: string[],
) {
  const files = await tx.file.findMany({
    where: { id: { in: fileIds }, workspaceId, ...(uploaderId ? { uploaderId } : {}) },
  });
  if (files.length !== fileIds.length) throw notFound('file');
  if (files.some((f) => f.status === 'rejected'))
    throw badRequest('a rejected file cannot be attached');
  return fileIds.map((id) => files.find((f) => f.id === id)!);
}
