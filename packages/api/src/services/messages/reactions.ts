import { reactionInput, type Actor } from '@parley/contracts';
import { assertWritable } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { loadReadableMessage } from './load-message.ts';

const MAX_DISTINCT_REACTIONS = 50;

/** Adds the caller's reaction; idempotent (one per message, user and emoji). */
export async function addReaction(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ added: boolean }> {
  const input = parseInput(reactionInput, rawInput);
  const added = await deps.db.$transaction(async (tx) => {
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    assertWritable(access);
    if (access.member.kind !== 'user') throw forbidden('only people can react');
    if (message.deletedAt) throw badRequest('this message was deleted');
    const distinct = new Set(message.reactions.map((r) => r.emoji));
    if (!distinct.has(input.emoji) && distinct.size >= MAX_DISTINCT_REACTIONS)
      throw badRequest('this message has too many different reactions');
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO reactions (id, "messageId", "userId", emoji)
      VALUES (gen_random_uuid(), ${message.id}::uuid, ${access.member.id}::uuid, ${input.emoji})
      ON CONFLICT ("messageId", "userId", emoji) DO NOTHING RETURNING id::text`;
    if (rows.length === 0) return false;
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'reaction.added',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: {
          messageId: message.id,
          channelId: message.channelId,
          userId: access.member.id,
          emoji: input.emoji,
        },
      },
    ]);
    return true;
  });
  if (added) deps.events.committed();
  return { added };
}

/** Removes the caller's own reaction; removing one that is not there is not an error. */
export async function removeReaction(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ removed: boolean }> {
  const input = parseInput(reactionInput, rawInput);
  const removed = await deps.db.$transaction(async (tx) => {
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    assertWritable(access);
    if (access.member.kind !== 'user') throw forbidden('only people can react');
    const result = await tx.reaction.deleteMany({
      where: { messageId: message.id, userId: access.member.id, emoji: input.emoji },
    });
    if (result.count === 0) return false;
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'reaction.removed',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: {
          messageId: message.id,
          channelId: message.channelId,
          userId: access.member.id,
          emoji: input.emoji,
        },
      },
    ]);
    return true;
  });
  if (removed) deps.events.committed();
  return { removed };
}
