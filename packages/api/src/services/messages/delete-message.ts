import { deleteMessageInput, type Actor, type NewDomainEvent } from '@parley/contracts';
import { isAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { loadReadableMessage, lockMessage } from './load-message.ts';

/**
 * Deletes a message: its author, or a workspace admin. The row stays as a tombstone (body emptied,
 * deletedAt set) so seqs stay gapless and threads keep their shape; reactions, mentions, pins and
 * attachments go. A deleted reply lowers its thread's reply count.
 */
export async function deleteMessage(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ messageId: string }> {
  const input = parseInput(deleteMessageInput, rawInput);
  const changed = await deps.db.$transaction(async (tx) => {
    await lockMessage(tx, input.messageId);
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    const own =
      (actor.kind === 'user' && message.authorUserId === actor.id) ||
      (actor.kind === 'bot' && message.authorBotId === actor.id);
    if (!own && !isAdmin(access.member)) throw forbidden('you can only delete your own messages');
    if (access.channel.archivedAt) throw forbidden('this channel is archived and read-only');
    if (message.deletedAt) return false;
    const now = deps.clock();
    await tx.message.update({ where: { id: message.id }, data: { body: '', deletedAt: now } });
    await tx.reaction.deleteMany({ where: { messageId: message.id } });
    await tx.mention.deleteMany({ where: { messageId: message.id } });
    await tx.pin.deleteMany({ where: { messageId: message.id } });
    await tx.messageAttachment.deleteMany({ where: { messageId: message.id } });
    const events: NewDomainEvent[] = [
      {
        type: 'message.deleted',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: {
          messageId: message.id,
          channelId: message.channelId,
          seq: message.seq,
          threadRootId: message.threadRootId,
          deletedAt: now.toISOString(),
        },
      },
    ];
    if (message.threadRootId) {
      const root = await tx.message.update({
        where: { id: message.threadRootId },
        data: { replyCount: { decrement: 1 } },
        select: { id: true, replyCount: true, lastReplyAt: true },
      });
      events.push({
        type: 'thread.updated',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: {
          rootId: root.id,
          channelId: message.channelId,
          replyCount: root.replyCount,
          lastReplyAt: root.lastReplyAt?.toISOString() ?? null,
        },
      });
    }
    if (!own)
      await writeAudit(tx, access.member, 'message.deleted_by_admin', {
        type: 'message',
        id: message.id,
      });
    await writeOutbox(tx, now, events);
    return true;
  });
  if (changed) deps.events.committed();
  return { messageId: input.messageId };
}
