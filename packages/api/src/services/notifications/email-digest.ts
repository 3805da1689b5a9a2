import { z } from 'zod';
import { id, type ChannelKind } from '@parley/contracts';
import { Prisma, type NotificationKind } from '@parley/db';
import type { DbOrTx, ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

/**
 * Email digests. A notification is due when it is unread (its message is past the user's read
 * position in the channel and not deleted), not emailed yet, and older than the digest delay.
 * Claiming marks `emailedAt` in one UPDATE … RETURNING before anything is sent, so two sweeps (or
 * a retried job) can never email the same row twice: concurrent claims serialize on the row lock
 * and the second finds `emailedAt` set. The cost is at-most-once delivery: if the worker dies
 * between the claim and the SMTP send, that digest is lost (the notifications stay in the app). A
 * send that fails cleanly releases its claim so the next sweep retries it.
 */

const window = z.object({
  /** Only notifications created at or before this instant (now minus the digest delay). */
  olderThan: z.date(),
  /** And created at or after this one, so turning email back on does not mail ancient history. */
  notBefore: z.date(),
});

const dueWhere = (w: z.infer<typeof window>) => Prisma.sql`
  n."emailedAt" IS NULL AND n."readAt" IS NULL
  AND n."createdAt" <= ${w.olderThan} AND n."createdAt" >= ${w.notBefore}`;

/**
 * (user, workspace) pairs with due notifications, for users who want email: one page in
 * (userId, workspaceId) order after `after`, so a sweep can walk all of them (users who stay online
 * keep their rows due, and must not starve the rest behind a fixed limit).
 */
export async function findEmailDigestCandidates(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ userId: string; workspaceId: string }[]> {
  const input = parseInput(
    window.extend({
      limit: z.number().int().min(1).max(5000),
      after: z.object({ userId: id, workspaceId: id }).optional(),
    }),
    rawInput,
  );
  const after = input.after
    ? Prisma.sql`AND (n."userId", n."workspaceId") > (${input.after.userId}::uuid, ${input.after.workspaceId}::uuid)`
    : Prisma.empty;
  return deps.db.$queryRaw<{ userId: string; workspaceId: string }[]>`
    SELECT DISTINCT n."userId", n."workspaceId"
    FROM notifications n JOIN users u ON u.id = n."userId"
    WHERE ${dueWhere(input)} ${after} AND u."emailNotifications" AND u."deactivatedAt" IS NULL
    ORDER BY n."userId", n."workspaceId"
    LIMIT ${input.limit}`;
}

export interface EmailDigestItem {
  notificationId: string;
  kind: NotificationKind;
  channelId: string;
  channelName: string | null;
  channelKind: ChannelKind;
  messageId: string;
  authorName: string;
  /** The message's first characters, whitespace collapsed, mentions shown as @names. */
  excerpt: string;
  createdAt: Date;
}

export interface EmailDigest {
  claimedAt: Date;
  user: { id: string; email: string; displayName: string };
  workspace: { id: string; name: string };
  items: EmailDigestItem[];
}

const claimInput = window.extend({ userId: id, workspaceId: id });

/**
 * Claims one user's due notifications in one workspace (sets `emailedAt`) and returns what the
 * email shows, or null when nothing is due (already claimed, read, or the user turned email off).
 */
export async function claimEmailDigest(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<EmailDigest | null> {
  const input = parseInput(claimInput, rawInput);
  const claimedAt = deps.clock();
  const claimed = await deps.db.$queryRaw<{ id: string }[]>`
    UPDATE notifications n SET "emailedAt" = ${claimedAt}
    FROM messages m, channel_members cm, users u, memberships ms
    WHERE n."userId" = ${input.userId}::uuid AND n."workspaceId" = ${input.workspaceId}::uuid
      AND ${dueWhere(input)}
      AND m.id = n."messageId" AND m."deletedAt" IS NULL
      AND cm."channelId" = n."channelId" AND cm."userId" = n."userId" AND m.seq > cm."lastReadSeq"
      AND u.id = n."userId" AND u."emailNotifications" AND u."deactivatedAt" IS NULL
      AND ms."workspaceId" = n."workspaceId" AND ms."userId" = n."userId"
      AND ms."deactivatedAt" IS NULL
    RETURNING n.id`;
  if (claimed.length === 0) return null;
  return {
    claimedAt,
    ...(await loadDigest(
      deps.db,
      input.userId,
      input.workspaceId,
      claimed.map((c) => c.id),
    )),
  };
}

/** Gives claimed rows back (the send failed), so a later sweep emails them. */
export async function releaseEmailDigest(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ released: number }> {
  const input = parseInput(z.object({ ids: z.array(id), claimedAt: z.date() }), rawInput);
  const result = await deps.db.notification.updateMany({
    where: { id: { in: input.ids }, emailedAt: input.claimedAt },
    data: { emailedAt: null },
  });
  return { released: result.count };
}

const EXCERPT = 140;

async function loadDigest(db: DbOrTx, userId: string, workspaceId: string, ids: string[]) {
  const [user, workspace, rows] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, email: true, displayName: true },
    }),
    db.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { id: true, name: true },
    }),
    db.notification.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: 'asc' } }),
  ]);
  const messages = await db.message.findMany({
    where: { id: { in: rows.map((r) => r.messageId) } },
    select: {
      id: true,
      body: true,
      channel: { select: { name: true, kind: true } },
      authorUser: { select: { displayName: true } },
      mentions: {
        where: { kind: 'user' },
        select: { user: { select: { id: true, displayName: true } } },
      },
    },
  });
  const byId = new Map(messages.map((m) => [m.id, m]));
  const items: EmailDigestItem[] = [];
  for (const r of rows) {
    const m = byId.get(r.messageId);
    if (!m) continue;
    const names = new Map(
      m.mentions.flatMap((x) => (x.user ? [[x.user.id, x.user.displayName]] : [])),
    );
    items.push({
      notificationId: r.id,
      kind: r.kind,
      channelId: r.channelId,
      channelName: m.channel.name,
      channelKind: m.channel.kind,
      messageId: m.id,
      authorName: m.authorUser?.displayName ?? 'Someone',
      excerpt: excerptOf(m.body, names),
      createdAt: r.createdAt,
    });
  }
  return { user, workspace, items };
}

export function excerptOf(body: string, names: Map<string, string>): string {
  const text = body
    .replace(
      /<@([0-9a-f-]{36})>/gi,
      (_, uid: string) => `@${names.get(uid.toLowerCase()) ?? 'someone'}`,
    )
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}
