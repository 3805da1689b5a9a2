import { z } from 'zod';
import { id } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

export const applyRetentionInput = z.object({
  workspaceId: id.optional(),
  batchSize: z.number().int().min(1).max(10_000).default(1_000),
});

/** Relayed outbox events are kept this long (webhook retries read them), then pruned. */
export const OUTBOX_KEEP_DAYS = 7;

/**
 * Deletes messages (with their reactions, mentions and pins, by cascade) and files older than each
 * workspace's retention setting, in batches so no single statement holds locks for long. Workspaces
 * without a setting keep everything. Relayed outbox events (copies of what happened, message bodies
 * included) go after OUTBOX_KEEP_DAYS, or sooner when the workspace keeps messages for less. Never
 * an event that was not relayed yet. Safe to run again at any time.
 */
export async function applyRetention(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ messages: number; files: number; outboxEvents: number }> {
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
  let outboxEvents = 0;
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
    outboxEvents += await pruneOutbox(deps, cutoff, input.batchSize, ws.id);
  }
  if (!input.workspaceId) {
    const keepFrom = new Date(deps.clock().getTime() - OUTBOX_KEEP_DAYS * 86_400_000);
    outboxEvents += await pruneOutbox(deps, keepFrom, input.batchSize);
  }
  return { messages, files, outboxEvents };
}

async function pruneOutbox(
  deps: ServiceDeps,
  relayedBefore: Date,
  batchSize: number,
  workspaceId?: string,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deps.db.$executeRaw`
      DELETE FROM outbox_events WHERE id IN (
        SELECT id FROM outbox_events
        WHERE "relayedAt" < ${relayedBefore} AND (${workspaceId ?? null}::uuid IS NULL OR "workspaceId" = ${workspaceId ?? null}::uuid)
        ORDER BY "relayedAt" LIMIT ${batchSize})`;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
