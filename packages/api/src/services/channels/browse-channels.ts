import { browseChannelsInput, type Actor } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { toChannelDto } from './channel-dto.ts';

/** The channel browser: public channels (not for guests) plus private ones the caller is in. */
export async function browseChannels(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(browseChannelsInput, rawInput ?? {});
  const member = await requireMember(deps.db, actor);
  const q = input.query?.trim().toLowerCase();
  const mine = { members: { some: { userId: member.id } } };
  const channels = await deps.db.channel.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(input.includeArchived ? {} : { archivedAt: null }),
      ...(q ? { name: { contains: q } } : {}),
      OR:
        member.role === 'guest'
          ? [{ kind: { in: ['public', 'private'] }, ...mine }]
          : [{ kind: 'public' }, { kind: 'private', ...mine }],
    },
    include: {
      _count: { select: { members: true } },
      members: { where: { userId: member.id }, select: { userId: true } },
    },
    orderBy: { name: 'asc' },
    take: 500,
  });
  return channels.map(({ _count, members, ...c }) => ({
    ...toChannelDto(c, { memberCount: _count.members }),
    isMember: members.length > 0,
  }));
}
