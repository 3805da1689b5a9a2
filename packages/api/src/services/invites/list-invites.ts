import type { Actor } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { toInviteDto, type InviteDto } from './invite-dto.ts';

export async function listInvites(deps: ServiceDeps, actor: Actor): Promise<InviteDto[]> {
  await requireAdmin(deps.db, actor);
  const invites = await deps.db.invite.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  const now = deps.clock();
  return invites.map((i) => toInviteDto(i, now));
}
