import { markReadInput, type Actor } from '@parley/contracts';
import { requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';

/**
 * Marks a channel read up to a seq. Read state only moves forward and never past the channel's
 * last seq; a change is published (read.updated) so the user's other tabs and devices follow.
 */
export async function markRead(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ lastReadSeq: number }> {
  const input = parseInput(markReadInput, rawInput);
  const result = await deps.db.$transaction(async (tx) => {
    const access = await requireChannelRead(tx, actor, input.channelId);
    if (!access.isChannelMember || access.member.kind !== 'user')
      throw badRequest('join the channel to track what you have read');
    const userId = access.member.id;
    const rows = await tx.$queryRaw<{ lastReadSeq: number; changed: boolean }[]>`
      WITH target AS (SELECT LEAST(${input.seq}::int, "lastSeq") AS seq FROM channels WHERE id = ${input.channelId}::uuid),
      updated AS (
        UPDATE channel_members cm SET "lastReadSeq" = target.seq FROM target
        WHERE cm."channelId" = ${input.channelId}::uuid AND cm."userId" = ${userId}::uuid AND cm."lastReadSeq" < target.seq
        RETURNING cm."lastReadSeq"
      )
      SELECT COALESCE((SELECT "lastReadSeq" FROM updated),
                      (SELECT "lastReadSeq" FROM channel_members WHERE "channelId" = ${input.channelId}::uuid AND "userId" = ${userId}::uuid)) AS "lastReadSeq",
             EXISTS (SELECT 1 FROM updated) AS changed`;
    const row = rows[0]!;
    if (row.changed) {
      await writeOutbox(tx, deps.clock(), [
        {
          type: 'read.updated',
          workspaceId: actor.workspaceId,
          channelId: input.channelId,
          payload: { userId, channelId: input.channelId, lastReadSeq: row.lastReadSeq },
        },
      ]);
    }
    return row;
  });
  if (result.changed) deps.events.committed();
  return { lastReadSeq: result.lastReadSeq };
}
