import type { Prisma } from '@parley/db';
import type { ActiveMember } from '../access.ts';
import type { DbOrTx } from '../deps.ts';

/** Records an admin-relevant action in the workspace's audit log. */
export async function writeAudit(
  db: DbOrTx,
  actor: ActiveMember,
  action: string,
  target: { type?: string; id?: string; metadata?: Prisma.InputJsonValue } = {},
): Promise<void> {
  await db.auditLog.create({
    data: {
      workspaceId: actor.workspaceId,
      actorKind: actor.kind,
      actorId: actor.kind === 'system' ? null : actor.id,
      action,
      targetType: target.type ?? null,
      targetId: target.id ?? null,
      metadata: target.metadata ?? {},
    },
  });
}
