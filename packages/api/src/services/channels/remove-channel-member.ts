import { removeChannelMemberInput, type Actor } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { requireChannelManager } from './channel-manager.ts';

/** Admins and the channel creator remove someone; their live sockets leave the room at once. */
export async function removeChannelMember(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ userId: string }> {
  const input = parseInput(removeChannelMemberInput, rawInput);
  await deps.db.$transaction(async (tx) => {
    const { channel, member } = await requireChannelManager(tx, actor, input.channelId);
    if (channel.name === 'general') throw badRequest('everyone stays in #general');
    const deleted = await tx.channelMember.deleteMany({
      where: { channelId: channel.id, userId: input.userId },
    });
    if (deleted.count === 0) throw notFound('channel member');
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'channel.member_left',
        workspaceId: actor.workspaceId,
        channelId: channel.id,
        payload: {
          channelId: channel.id,
          userId: input.userId,
          removedById: member.kind === 'user' ? member.id : null,
        },
      },
    ]);
  });
  deps.events.committed();
  return { userId: input.userId };
}
