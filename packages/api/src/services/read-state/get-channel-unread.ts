import { channelIdInput, type Actor, type UnreadPush } from '@parley/contracts';
import { requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { parseInput } from '../validation.ts';

/** One channel's read state and unread/mention counts for the caller (same rules as the sidebar). */
export async function getChannelUnread(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<UnreadPush> {
  const input = parseInput(channelIdInput, rawInput);
  const access = await requireChannelRead(deps.db, actor, input.channelId);
  if (!access.isChannelMember || access.member.kind !== 'user')
    throw badRequest('join the channel to track what you have read');
  const userId = access.member.id;
  const [row] = await deps.db.$queryRaw<UnreadPush[]>`
    SELECT cm."channelId"::text AS "channelId", cm."lastReadSeq",
      (SELECT count(*)::int FROM messages m
        WHERE m."channelId" = cm."channelId" AND m.seq > cm."lastReadSeq" AND m."threadRootId" IS NULL
          AND m."deletedAt" IS NULL AND m."authorUserId" IS DISTINCT FROM ${userId}::uuid) AS "unreadCount",
      (SELECT count(DISTINCT mn."messageId")::int FROM mentions mn JOIN messages m ON m.id = mn."messageId"
        WHERE mn."channelId" = cm."channelId" AND mn.seq > cm."lastReadSeq"
          AND (mn."userId" = ${userId}::uuid OR mn.kind IN ('channel', 'here'))
          AND m."authorUserId" IS DISTINCT FROM ${userId}::uuid AND m."deletedAt" IS NULL) AS "mentionCount"
    FROM channel_members cm WHERE cm."channelId" = ${input.channelId}::uuid AND cm."userId" = ${userId}::uuid`;
  return row!;
}
