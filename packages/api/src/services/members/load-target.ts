import type { Tx } from '../deps.ts';
import { notFound } from '../errors.ts';

/** Locks and returns a membership of the workspace, or NOT_FOUND. */
export async function lockMembership(tx: Tx, workspaceId: string, userId: string) {
  await tx.$queryRaw`SELECT 1 FROM memberships WHERE "workspaceId" = ${workspaceId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
  const m = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
  });
  if (!m) throw notFound('member');
  return m;
}

export async function activeOwnerCount(tx: Tx, workspaceId: string): Promise<number> {
  // Lock the owners so two concurrent demotions cannot both pass the "last owner" check.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM memberships WHERE "workspaceId" = ${workspaceId}::uuid AND role = 'owner' AND "deactivatedAt" IS NULL FOR UPDATE`;
  return rows.length;
}
