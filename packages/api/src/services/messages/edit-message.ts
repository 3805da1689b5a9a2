import { editMessageInput, type Actor, type MessageDto } from '@parley/contracts';
import { assertWritable } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { loadReadableMessage, lockMessage } from './load-message.ts';
import { messageInclude, toMessageDto } from './message-dto.ts';
import { parseMentions } from './parse-mentions.ts';
import { resolveMentionedUsers } from './resolve-mentions.ts';

/** Authors edit their own messages (not deleted ones, not in archived channels). Mentions are re-parsed. */
export async function editMessage(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<MessageDto> {
  const input = parseInput(editMessageInput, rawInput);
  const dto = await deps.db.$transaction(async (tx) => {
    await lockMessage(tx, input.messageId);
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    assertWritable(access);
    const own =
      (actor.kind === 'user' && message.authorUserId === actor.id) ||
      (actor.kind === 'bot' && message.authorBotId === actor.id);
    if (!own) throw forbidden('you can only edit your own messages');
    if (message.deletedAt) throw badRequest('this message was deleted');
    const now = deps.clock();
    const updated = await tx.message.update({
      where: { id: message.id },
      data: { body: input.body, editedAt: now },
      include: messageInclude,
    });
    const parsed = parseMentions(input.body);
    const userIds = await resolveMentionedUsers(tx, actor.workspaceId, parsed);
    await tx.mention.deleteMany({ where: { messageId: message.id } });
    const rows = [
      ...userIds.map((userId) => ({ kind: 'user' as const, userId })),
      ...(parsed.channel ? [{ kind: 'channel' as const, userId: null }] : []),
      ...(parsed.here ? [{ kind: 'here' as const, userId: null }] : []),
    ];
    if (rows.length)
      await tx.mention.createMany({
        data: rows.map((r) => ({
          ...r,
          messageId: message.id,
          channelId: message.channelId,
          seq: message.seq,
        })),
      });
    const dto = toMessageDto(updated);
    await writeOutbox(tx, now, [
      {
        type: 'message.updated',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: { message: dto },
      },
    ]);
    return dto;
  });
  deps.events.committed();
  return dto;
}
