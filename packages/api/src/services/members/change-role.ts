import { changeRoleInput, type Actor } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { activeOwnerCount, lockMembership } from './load-target.ts';

/**
 * Admins change roles. Only owners may grant, revoke or change the owner role (so an admin can never
 * demote an owner), and the last owner cannot step down.
 */
export async function changeRole(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ userId: string; role: string }> {
  const input = parseInput(changeRoleInput, rawInput);
  await deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    const target = await lockMembership(tx, actor.workspaceId, input.userId);
    if (target.role === input.role) return;
    const touchesOwner = target.role === 'owner' || input.role === 'owner';
    if (touchesOwner && admin.role !== 'owner' && admin.kind !== 'system')
      throw forbidden('only owners can change who is an owner');
    if (target.role === 'owner' && (await activeOwnerCount(tx, actor.workspaceId)) <= 1) {
      throw forbidden('the workspace needs at least one owner; make someone else owner first');
    }
    await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
    await writeAudit(tx, admin, 'member.role_changed', {
      type: 'user',
      id: input.userId,
      metadata: { from: target.role, to: input.role },
    });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'member.role_changed',
        workspaceId: actor.workspaceId,
        channelId: null,
        payload: { userId: input.userId, role: input.role },
      },
    ]);
  });
  deps.events.committed();
  return { userId: input.userId, role: input.role };
}
