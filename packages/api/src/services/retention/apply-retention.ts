import { z } from 'zod';
import { id } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

export const applyRetentionInput = z.object({
  workspaceId: id.optional(),
  batchSize: z.number().int().min(1).max(10_000).default(1_000),
});

/**
 * Deletes messages (with their reactions, mentions and pins, by cascade) and files older than each
 * workspace's retention setting, in batches so no single statement holds locks for long. Workspaces
 * without a setting keep everything. Safe to run again at any time.
 */
export async function applyRetention(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ messages: number; files: number }> {
  const input = parseInput(applyRetentionInput, rawInput ?? {});
  const workspaces = await deps.db.workspace.findMany({
    where: {
      retentionDays: { not: null },
      ...(input.workspaceId ? { id: input.workspaceId } : {}),
    },
    select: { id: true, retentionDays: true },
  });
  let messages = 0;
  let files = 0;
  for (const ws of workspaces) {
    const cutoff = new Date(deps.clock().getTime() - ws.retentionDays! * 86_400_000);
    for (;;) {
      const deleted = await deps.db.$executeRaw`
        DELETE FROM messages WHERE id IN (
          SELECT id FROM messages WHERE "workspaceId" = ${ws.id}::uuid AND "createdAt" < ${cutoff} LIMIT ${input.batchSize})`;
      messages += deleted;
      if (deleted < input.batchSize) break;
    }
    const removed = await deps.db.file.deleteMany({
      where: { workspaceId: ws.id, createdAt: { lt: cutoff } },
    });
    files += removed.count;
  }
  return { messages, files };
}
