import { createInviteInput, type Actor } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { toInviteDto, type InviteDto } from './invite-dto.ts';
import { newInviteToken } from './invite-token.ts';

/** Admins create an invite link. The token is returned once and stored only as a hash. */
export async function createInvite(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ invite: InviteDto; token: string }> {
  const input = parseInput(createInviteInput, rawInput ?? {});
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    const { token, tokenHash } = newInviteToken();
    const invite = await tx.invite.create({
      data: {
        workspaceId: actor.workspaceId,
        tokenHash,
        role: input.role,
        email: input.email ?? null,
        expiresAt: new Date(now.getTime() + input.expiresInHours * 3_600_000),
        maxUses: input.maxUses ?? null,
        createdById: admin.id,
      },
    });
    await writeAudit(tx, admin, 'invite.created', {
      type: 'invite',
      id: invite.id,
      metadata: { role: input.role },
    });
    return { invite: toInviteDto(invite, now), token };
  });
}
