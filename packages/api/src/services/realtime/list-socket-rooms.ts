import { rooms, type Actor } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';

/** The rooms a freshly authenticated socket joins: its workspace, its user, and each of its channels. */
export async function listSocketRooms(deps: ServiceDeps, actor: Actor): Promise<string[]> {
  const member = await requireMember(deps.db, actor);
  const memberships = await deps.db.channelMember.findMany({
    where: { userId: member.id, workspaceId: actor.workspaceId },
    select: { channelId: true },
  });
  return [
    rooms.workspace(actor.workspaceId),
    rooms.user(actor.workspaceId, member.id),
    ...memberships.map((m) => rooms.channel(m.channelId)),
  ];
}
