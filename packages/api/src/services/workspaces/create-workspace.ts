import { createWorkspaceInput, type WorkspaceDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { conflict, unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toWorkspaceDto } from './workspace-dto.ts';

/** Creates a workspace; the creator becomes its owner and the first member of #general. */
export async function createWorkspace(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<WorkspaceDto> {
  const input = parseInput(createWorkspaceInput, rawInput);
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: { deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
  try {
    const workspace = await deps.db.$transaction(async (tx) => {
      const ws = await tx.workspace.create({
        data: {
          name: input.name,
          slug: input.slug,
          memberships: { create: { userId, role: 'owner' } },
        },
      });
      await tx.channel.create({
        data: {
          workspaceId: ws.id,
          kind: 'public',
          name: 'general',
          purpose: 'Announcements and conversation for the whole workspace',
          createdById: userId,
          members: { create: { userId, workspaceId: ws.id } },
        },
      });
      await tx.auditLog.create({
        data: {
          workspaceId: ws.id,
          actorKind: 'user',
          actorId: userId,
          action: 'workspace.created',
        },
      });
      return ws;
    });
    return toWorkspaceDto(workspace, 'owner');
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw conflict(`the workspace URL "${input.slug}" is taken`);
    throw error;
  }
}
