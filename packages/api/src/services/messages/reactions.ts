import { reactionInput, type Actor } from '@parley/contracts';
import { assertWritable } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { loadReadableMessage } from './load-message.ts';

const MAX_DISTINCT_REACTIONS = 50;

/**
 * Adds or removes the caller's reaction. Both are idempotent (one reaction per message, user and
 * emoji) and publish an event only when something changed. Returns whether it changed.
 */
async function setReaction(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
  add: boolean,
): Promise<boolean> {
  const input = parseInput(reactionInput, rawInput);
  const changed = await deps.db.$transaction(async (tx) => {
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    assertWritable(access);
    if (access.member.kind !== 'user') throw forbidden('only people can react');
    const userId = access.member.id;
    if (add) {
      if (message.deletedAt) throw badRequest('this message was deleted');
      const distinct = new Set(message.reactions.map((r) => r.emoji));
      if (!distinct.has(input.emoji) && distinct.size >= MAX_DISTINCT_REACTIONS) {
        throw badRequest('this message has too many different reactions');
      }
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO reactions (id, "messageId", "userId", emoji)
        VALUES (gen_random_uuid(), ${message.id}::uuid, ${userId}::uuid, ${input.emoji})
        ON CONFLICT ("messageId", "userId", emoji) DO NOTHING RETURNING id::text`;
      if (rows.length === 0) return false;
    } else {
      const result = await tx.reaction.deleteMany({
        where: { messageId: message.id, userId, emoji: input.emoji },
      });
      if (result.count === 0) return false;
    }
    const payload = {
      messageId: message.id,
      channelId: message.channelId,
      userId,
      emoji: input.emoji,
    };
    await writeOutbox(tx, deps.clock(), [
      add
        ? {
            type: 'reaction.added',
            workspaceId: actor.workspaceId,
            channelId: message.channelId,
            payload,
          }
        : {
            type: 'reaction.removed',
            workspaceId: actor.workspaceId,
            channelId: message.channelId,
            payload,
          },
    ]);
    return true;
  });
  if (changed) deps.events.committed();
  return changed;
}

export async function addReaction(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ added: boolean }> {
  return { added: await setReaction(deps, actor, rawInput, true) };
}

export async function removeReaction(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ removed: boolean }> {
  return { removed: await setReaction(deps, actor, rawInput, false) };
}
