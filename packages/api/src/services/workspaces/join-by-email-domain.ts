import { z } from 'zod';
import { id, type WorkspaceDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { addUserToWorkspace } from './join-workspace-tx.ts';
import { toWorkspaceDto } from './workspace-dto.ts';

export const joinByEmailDomainInput = z.object({ workspaceId: id });

/** Joins a workspace without an invite when the user's email domain is on its allowed list. */
export async function joinByEmailDomain(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<WorkspaceDto> {
  const input = parseInput(joinByEmailDomainInput, rawInput);
  const user = await deps.db.user.findUnique({ where: { id: userId } });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
  const ws = await deps.db.workspace.findUnique({ where: { id: input.workspaceId } });
  if (!ws) throw notFound('workspace');
  const domain = user.email.split('@')[1] ?? '';
  if (!ws.allowedEmailDomains.includes(domain))
    throw forbidden('this workspace needs an invite to join');
  await deps.db.$transaction((tx) => addUserToWorkspace(tx, deps.clock(), ws.id, userId, 'member'));
  deps.events.committed();
  const membership = await deps.db.membership.findUniqueOrThrow({
    where: { workspaceId_userId: { workspaceId: ws.id, userId } },
  });
  if (membership.deactivatedAt) throw forbidden('your account is deactivated in this workspace');
  return toWorkspaceDto(ws, membership.role);
}
