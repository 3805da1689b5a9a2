import type { Actor, WorkspaceDto } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { toWorkspaceDto } from './workspace-dto.ts';

export async function getWorkspace(deps: ServiceDeps, actor: Actor): Promise<WorkspaceDto> {
  const member = await requireMember(deps.db, actor);
  const ws = await deps.db.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId } });
  return toWorkspaceDto(ws, member.role);
}
