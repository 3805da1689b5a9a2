import { channelIdInput, type Actor } from '@parley/contracts';
import { requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { toChannelDto } from './channel-dto.ts';

export async function getChannel(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(channelIdInput, rawInput);
  const { channel, isChannelMember } = await requireChannelRead(deps.db, actor, input.channelId);
  const memberCount = await deps.db.channelMember.count({ where: { channelId: channel.id } });
  return { ...toChannelDto(channel, { memberCount }), isMember: isChannelMember };
}

/** The channel's members, for the header's member list and mention autocomplete. */
export async function listChannelMembers(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(channelIdInput, rawInput);
  const { channel } = await requireChannelRead(deps.db, actor, input.channelId);
  const rows = await deps.db.channelMember.findMany({
    where: { channelId: channel.id },
    include: {
      user: {
        select: {
          id: true,
          displayName: true,
          avatarUrl: true,
          statusText: true,
          statusEmoji: true,
          deactivatedAt: true,
        },
      },
    },
    orderBy: { joinedAt: 'asc' },
    take: 2000,
  });
  return rows.map((r) => ({
    ...r.user,
    deactivatedAt: undefined,
    deactivated: r.user.deactivatedAt !== null,
  }));
}
