import { z } from 'zod';
import type { Actor } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

export const listAuditLogInput = z.object({
  before: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** Admins read the workspace's audit log, newest first. */
export async function listAuditLog(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(listAuditLogInput, rawInput ?? {});
  await requireAdmin(deps.db, actor);
  const rows = await deps.db.auditLog.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(input.before ? { createdAt: { lt: new Date(input.before) } } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: input.limit,
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
