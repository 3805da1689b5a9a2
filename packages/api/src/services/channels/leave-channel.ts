import { channelIdInput, type Actor } from '@parley/contracts';
import { requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';

/** Leaves a channel. Nobody leaves #general, and DMs cannot be left (only closed in the UI). */
export async function leaveChannel(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ channelId: string }> {
  const input = parseInput(channelIdInput, rawInput);
  const left = await deps.db.$transaction(async (tx) => {
    const access = await requireChannelRead(tx, actor, input.channelId);
    if (!access.isChannelMember || access.member.kind !== 'user') return false;
    if (access.channel.kind === 'dm' || access.channel.kind === 'group_dm')
      throw badRequest('direct messages cannot be left');
    if (access.channel.name === 'general') throw badRequest('everyone stays in #general');
    await tx.channelMember.delete({
      where: { channelId_userId: { channelId: input.channelId, userId: access.member.id } },
    });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'channel.member_left',
        workspaceId: actor.workspaceId,
        channelId: input.channelId,
        payload: { channelId: input.channelId, userId: access.member.id, removedById: null },
      },
    ]);
    return true;
  });
  if (left) deps.events.committed();
  return { channelId: input.channelId };
}
