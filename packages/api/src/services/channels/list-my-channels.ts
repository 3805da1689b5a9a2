import type { Actor, ChannelDto } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { toChannelDto } from './channel-dto.ts';

/** Every channel, DM and group DM the caller is in (the sidebar's structure; counts come from readState). */
export async function listMyChannels(deps: ServiceDeps, actor: Actor): Promise<ChannelDto[]> {
  const member = await requireMember(deps.db, actor);
  const channels = await deps.db.channel.findMany({
    where: { workspaceId: actor.workspaceId, members: { some: { userId: member.id } } },
    include: { members: { select: { userId: true }, take: 9 } },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  });
  return channels.map(({ members, ...c }) =>
    toChannelDto(
      c,
      c.kind === 'dm' || c.kind === 'group_dm'
        ? { dmUserIds: members.map((m) => m.userId).filter((id) => id !== member.id) }
        : {},
    ),
  );
}
