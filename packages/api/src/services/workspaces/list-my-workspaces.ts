import type { WorkspaceDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { toWorkspaceDto } from './workspace-dto.ts';

/** Workspaces the user is an active member of. */
export async function listMyWorkspaces(deps: ServiceDeps, userId: string): Promise<WorkspaceDto[]> {
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: { deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
  const memberships = await deps.db.membership.findMany({
    where: { userId, deactivatedAt: null, user: { deactivatedAt: null } },
    include: { workspace: true },
    orderBy: { joinedAt: 'asc' },
  });
  return memberships.map((m) => toWorkspaceDto(m.workspace, m.role));
}
