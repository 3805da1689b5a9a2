import { revokeInviteInput, type Actor } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toInviteDto, type InviteDto } from './invite-dto.ts';

export async function revokeInvite(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<InviteDto> {
  const input = parseInput(revokeInviteInput, rawInput);
  return deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    const invite = await tx.invite.findFirst({
      where: { id: input.inviteId, workspaceId: actor.workspaceId },
    });
    if (!invite) throw notFound('invite');
    const updated = await tx.invite.update({
      where: { id: invite.id },
      data: { revokedAt: invite.revokedAt ?? deps.clock() },
    });
    await writeAudit(tx, admin, 'invite.revoked', { type: 'invite', id: invite.id });
    return toInviteDto(updated, deps.clock());
  });
}
