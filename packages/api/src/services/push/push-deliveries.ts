import { z } from 'zod';
import { id } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

export interface PushDelivery {
  userId: string;
  notificationIds: string[];
  /** Content-minimal: names the conversation, never the message text. */
  title: string;
  /** Where a click leads, relative to the web app's public URL. */
  path: string;
  tag: string;
  subscriptions: { id: string; endpoint: string; p256dh: string; auth: string }[];
}

/**
 * Claims the un-pushed notifications of one message for users with a push subscription (sets
 * `pushedAt` in one UPDATE … RETURNING before anything is sent, so a retried job never pushes a
 * row twice) and returns one delivery per user. A crash between claim and send loses that push
 * (at-most-once); a send that reaches none of a user's devices is released for a retry.
 */
export async function claimPushDeliveries(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ claimedAt: Date; deliveries: PushDelivery[] }> {
  const input = parseInput(z.object({ messageId: id }), rawInput);
  const claimedAt = deps.clock();
  const rows = await deps.db.$queryRaw<
    { id: string; userId: string; channelId: string; workspaceId: string }[]
  >`
    UPDATE notifications n SET "pushedAt" = ${claimedAt}
    WHERE n."messageId" = ${input.messageId}::uuid AND n."pushedAt" IS NULL
      AND EXISTS (SELECT 1 FROM push_subscriptions s WHERE s."userId" = n."userId")
    RETURNING n.id, n."userId", n."channelId", n."workspaceId"`;
  if (rows.length === 0) return { claimedAt, deliveries: [] };
  const first = rows[0]!;
  const [channel, subscriptions] = await Promise.all([
    deps.db.channel.findUniqueOrThrow({
      where: { id: first.channelId },
      select: { name: true, kind: true },
    }),
    deps.db.pushSubscription.findMany({
      where: { userId: { in: [...new Set(rows.map((r) => r.userId))] } },
      select: { id: true, userId: true, endpoint: true, p256dh: true, auth: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const title =
    channel.kind === 'dm' || channel.kind === 'group_dm'
      ? 'New direct message'
      : `New message in #${channel.name ?? 'channel'}`;
  const byUser = new Map<string, PushDelivery>();
  for (const r of rows) {
    const d = byUser.get(r.userId) ?? {
      userId: r.userId,
      notificationIds: [],
      title,
      path: `/w/${r.workspaceId}/c/${r.channelId}`,
      tag: `channel:${r.channelId}`,
      subscriptions: subscriptions
        .filter((s) => s.userId === r.userId)
        .map(({ userId: _u, ...s }) => s),
    };
    d.notificationIds.push(r.id);
    byUser.set(r.userId, d);
  }
  return { claimedAt, deliveries: [...byUser.values()] };
}

/** Gives claimed rows back after a push reached none of the user's devices, for a retry. */
export async function releasePushDeliveries(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ released: number }> {
  const input = parseInput(z.object({ ids: z.array(id), claimedAt: z.date() }), rawInput);
  const result = await deps.db.notification.updateMany({
    where: { id: { in: input.ids }, pushedAt: input.claimedAt },
    data: { pushedAt: null },
  });
  return { released: result.count };
}

/** Drops a subscription the push service says is gone (404/410). */
export async function removePushSubscription(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ removed: number }> {
  const input = parseInput(z.object({ subscriptionId: id }), rawInput);
  const result = await deps.db.pushSubscription.deleteMany({
    where: { id: input.subscriptionId },
  });
  return { removed: result.count };
}
