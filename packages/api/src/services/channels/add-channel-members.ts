import { addChannelMembersInput, type Actor } from '@parley/contracts';
import { isAdmin, requireChannelWrite } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { activeMemberIds } from './active-member-ids.ts';

/** Channel members add people to the channel; only admins add guests. Returns who was newly added. */
export async function addChannelMembers(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ added: string[] }> {
  const input = parseInput(addChannelMembersInput, rawInput);
  const added = await deps.db.$transaction(async (tx) => {
    const access = await requireChannelWrite(tx, actor, input.channelId);
    const { channel, member } = access;
    if (channel.kind === 'dm' || channel.kind === 'group_dm')
      throw badRequest('start a new conversation to add people to a DM');
    if (member.role === 'guest') throw forbidden('guests cannot add people to channels');
    const ids = await activeMemberIds(tx, actor.workspaceId, input.userIds);
    const guests = await tx.membership.count({
      where: { workspaceId: actor.workspaceId, userId: { in: ids }, role: 'guest' },
    });
    if (guests > 0 && !isAdmin(member)) throw forbidden('only admins can add guests to channels');
    const existing = await tx.channelMember.findMany({
      where: { channelId: channel.id, userId: { in: ids } },
      select: { userId: true },
    });
    const have = new Set(existing.map((e) => e.userId));
    const fresh = ids.filter((id) => !have.has(id));
    if (fresh.length === 0) return [];
    await tx.channelMember.createMany({
      data: fresh.map((userId) => ({
        channelId: channel.id,
        userId,
        workspaceId: actor.workspaceId,
      })),
    });
    await writeOutbox(
      tx,
      deps.clock(),
      fresh.map((userId) => ({
        type: 'channel.member_joined' as const,
        workspaceId: actor.workspaceId,
        channelId: channel.id,
        payload: { channelId: channel.id, userId },
      })),
    );
    return fresh;
  });
  if (added.length > 0) deps.events.committed();
  return { added };
}
