import { z } from 'zod';
import { id } from '@parley/contracts';
import type { NotificationKind } from '@parley/db';
import type { ServiceDeps } from '../deps.ts';
import { listThreadFollowers, recordThreadFollows } from '../threads/record-thread-follows.ts';
import { parseInput } from '../validation.ts';

export const recordMessageNotificationsInput = z.object({ messageId: id });

/**
 * Turns a committed message into in-app notification records: direct mentions, @channel/@here,
 * DMs and group DMs, and replies in threads the user follows (recording the automatic follows of
 * this reply first: root author, repliers, people mentioned in replies). Respects each member's
 * level (`nothing` silences everything, `mentions` keeps only mentions) and mute (only direct
 * @mentions get through). Idempotent: a repeated job creates nothing new.
 */
export async function recordMessageNotifications(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ created: number }> {
  const input = parseInput(recordMessageNotificationsInput, rawInput);
  const message = await deps.db.message.findUnique({
    where: { id: input.messageId },
    include: { channel: { select: { kind: true } }, mentions: true },
  });
  if (!message || message.deletedAt || !message.authorUserId) return { created: 0 };
  const authorId = message.authorUserId;
  const members = await deps.db.channelMember.findMany({
    where: {
      channelId: message.channelId,
      userId: { not: authorId },
      user: { deactivatedAt: null },
    },
    select: { userId: true, muted: true, notificationLevel: true },
  });
  const direct = new Set(
    message.mentions.filter((m) => m.kind === 'user' && m.userId).map((m) => m.userId!),
  );
  const broadcast = message.mentions.some((m) => m.kind === 'channel' || m.kind === 'here');
  const isDm = message.channel.kind === 'dm' || message.channel.kind === 'group_dm';
  let followers = new Set<string>();
  if (message.threadRootId) {
    await recordThreadFollows(deps.db, { threadRootId: message.threadRootId, seq: message.seq });
    followers = await listThreadFollowers(deps.db, message.threadRootId);
    followers.delete(authorId);
  }

  const rows: { userId: string; kind: NotificationKind }[] = [];
  for (const m of members) {
    if (m.notificationLevel === 'nothing') continue;
    const mentioned = direct.has(m.userId) || (broadcast && !m.muted);
    if (mentioned) rows.push({ userId: m.userId, kind: 'mention' });
    else if (m.muted || m.notificationLevel === 'mentions') continue;
    else if (isDm) rows.push({ userId: m.userId, kind: 'dm' });
    else if (followers.has(m.userId)) rows.push({ userId: m.userId, kind: 'thread_reply' });
  }
  if (rows.length === 0) return { created: 0 };
  const result = await deps.db.notification.createMany({
    data: rows.map((r) => ({
      ...r,
      workspaceId: message.workspaceId,
      channelId: message.channelId,
      messageId: message.id,
    })),
    skipDuplicates: true,
  });
  return { created: result.count };
}
