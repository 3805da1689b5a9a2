import { acceptInviteInput, type WorkspaceDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { addUserToWorkspace } from '../workspaces/join-workspace-tx.ts';
import { toWorkspaceDto } from '../workspaces/workspace-dto.ts';
import { hashToken } from './invite-token.ts';

/**
 * Joins the invite's workspace. Refused when the invite is unknown, revoked, expired, used up, or
 * addressed to another email. Accepting twice is harmless and does not use the invite up again.
 */
export async function acceptInvite(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<WorkspaceDto> {
  const input = parseInput(acceptInviteInput, rawInput);
  const now = deps.clock();
  const result = await deps.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
    const [invite] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM invites WHERE "tokenHash" = ${hashToken(input.token)} FOR UPDATE`;
    const row = invite
      ? await tx.invite.findUnique({ where: { id: invite.id }, include: { workspace: true } })
      : null;
    if (!row) throw notFound('invite');
    if (row.revokedAt) throw forbidden('this invite was revoked');
    if (row.expiresAt <= now) throw forbidden('this invite has expired');
    if (row.email && row.email !== user.email)
      throw forbidden('this invite is for a different email address');
    const membership = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: row.workspaceId, userId } },
    });
    if (membership?.deactivatedAt) throw forbidden('your account is deactivated in this workspace');
    if (membership)
      return { workspace: toWorkspaceDto(row.workspace, membership.role), joined: false };
    if (row.maxUses !== null && row.uses >= row.maxUses)
      throw forbidden('this invite has been used up');
    await tx.invite.update({ where: { id: row.id }, data: { uses: { increment: 1 } } });
    await addUserToWorkspace(tx, now, row.workspaceId, userId, row.role);
    return { workspace: toWorkspaceDto(row.workspace, row.role), joined: true };
  });
  if (result.joined) deps.events.committed();
  return result.workspace;
}
