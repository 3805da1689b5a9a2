import type { Actor, SidebarChannelDto } from '@parley/contracts';
import type { Channel, NotificationLevel } from '@parley/db';
import { requireMember } from '../access.ts';
import { toChannelDto } from '../channels/channel-dto.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';

type Row = Channel & {
  lastReadSeq: number;
  muted: boolean;
  notificationLevel: NotificationLevel;
  unreadCount: number;
  mentionCount: number;
};

/**
 * Every conversation the user is in with unread and mention counts, in two queries. Unread counts
 * top-level messages after lastReadSeq from others (thread replies live in threads); mentions count
 * messages after lastReadSeq that mention the user, @channel or @here, replies included.
 */
export async function getSidebar(deps: ServiceDeps, actor: Actor): Promise<SidebarChannelDto[]> {
  const member = await requireMember(deps.db, actor);
  if (member.kind !== 'user') throw badRequest('only people have a sidebar');
  const userId = member.id;
  const rows = await deps.db.$queryRaw<Row[]>`
    SELECT c.*, cm."lastReadSeq", cm.muted, cm."notificationLevel",
      (SELECT count(*)::int FROM messages m
        WHERE m."channelId" = c.id AND m.seq > cm."lastReadSeq" AND m."threadRootId" IS NULL
          AND m."deletedAt" IS NULL AND m."authorUserId" IS DISTINCT FROM ${userId}::uuid) AS "unreadCount",
      (SELECT count(DISTINCT mn."messageId")::int FROM mentions mn JOIN messages m ON m.id = mn."messageId"
        WHERE mn."channelId" = c.id AND mn.seq > cm."lastReadSeq"
          AND (mn."userId" = ${userId}::uuid OR mn.kind IN ('channel', 'here'))
          AND m."authorUserId" IS DISTINCT FROM ${userId}::uuid AND m."deletedAt" IS NULL) AS "mentionCount"
    FROM channel_members cm JOIN channels c ON c.id = cm."channelId"
    WHERE cm."userId" = ${userId}::uuid AND c."workspaceId" = ${actor.workspaceId}::uuid
    ORDER BY c.kind, c.name, c."lastMessageAt" DESC NULLS LAST`;
  const dmIds = rows.filter((r) => r.kind === 'dm' || r.kind === 'group_dm').map((r) => r.id);
  const dmMembers = dmIds.length
    ? await deps.db.channelMember.findMany({
        where: { channelId: { in: dmIds }, userId: { not: userId } },
        select: { channelId: true, userId: true },
      })
    : [];
  const others = new Map<string, string[]>();
  for (const m of dmMembers)
    others.set(m.channelId, [...(others.get(m.channelId) ?? []), m.userId]);
  return rows.map((r) => ({
    ...toChannelDto(
      r,
      r.kind === 'dm' || r.kind === 'group_dm' ? { dmUserIds: others.get(r.id) ?? [] } : {},
    ),
    lastReadSeq: r.lastReadSeq,
    unreadCount: r.unreadCount,
    mentionCount: r.mentionCount,
    muted: r.muted,
    notificationLevel: r.notificationLevel,
  }));
}
