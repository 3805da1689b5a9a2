import { memberIdInput, type Actor } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { activeOwnerCount, lockMembership } from './load-target.ts';

/**
 * Admins deactivate a member: they keep their history but can no longer read or write anything in
 * the workspace, and their live sockets are dropped (member.deactivated). Owners can only be
 * deactivated by owners, and never the last one.
 */
export async function deactivateMember(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ userId: string }> {
  const input = parseInput(memberIdInput, rawInput);
  await deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    if (admin.kind === 'user' && admin.id === input.userId)
      throw badRequest('you cannot deactivate yourself');
    const target = await lockMembership(tx, actor.workspaceId, input.userId);
    if (target.deactivatedAt) return;
    if (target.role === 'owner') {
      if (admin.role !== 'owner') throw forbidden('only owners can deactivate an owner');
      if ((await activeOwnerCount(tx, actor.workspaceId)) <= 1)
        throw forbidden('the last owner cannot be deactivated');
    }
    await tx.membership.update({ where: { id: target.id }, data: { deactivatedAt: deps.clock() } });
    await writeAudit(tx, admin, 'member.deactivated', { type: 'user', id: input.userId });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'member.deactivated',
        workspaceId: actor.workspaceId,
        channelId: null,
        payload: { userId: input.userId },
      },
    ]);
  });
  deps.events.committed();
  return { userId: input.userId };
}

export async function reactivateMember(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ userId: string }> {
  const input = parseInput(memberIdInput, rawInput);
  await deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    const target = await lockMembership(tx, actor.workspaceId, input.userId);
    if (!target.deactivatedAt) return;
    if (target.role === 'owner' && admin.role !== 'owner')
      throw forbidden('only owners can reactivate an owner');
    await tx.membership.update({ where: { id: target.id }, data: { deactivatedAt: null } });
    await writeAudit(tx, admin, 'member.reactivated', { type: 'user', id: input.userId });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'member.joined',
        workspaceId: actor.workspaceId,
        channelId: null,
        payload: { userId: input.userId, role: target.role },
      },
    ]);
  });
  deps.events.committed();
  return { userId: input.userId };
}
