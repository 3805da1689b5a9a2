import { pgPoolOf, type Db, type File, type Message, type MessageAttachment } from '@parley/db';
import type { MessageWithRelations } from '../messages/message-dto.ts';

type Author = { id: string; displayName: string; avatarUrl: string | null } | null;

type Row = Message & {
  authorUser: Author;
  authorBot: Author;
  reactions: { emoji: string; userId: string }[];
  pinned: boolean;
  hasAttachments: boolean;
};

/** Which messages: a channel's top-level messages, a thread's replies, one message by id, or the
 * live (not deleted) messages among some ids (search results). */
export type MessageSelection =
  | { kind: 'channel'; channelId: string; after: number; before: number; order: 'asc' | 'desc' }
  | { kind: 'thread'; rootId: string; after: number }
  | { kind: 'one'; messageId: string; workspaceId: string }
  | { kind: 'live'; messageIds: string[]; workspaceId: string };

/** Open bounds for seq ranges (seqs are positive int4). */
export const SEQ_MIN = 0;
export const SEQ_MAX = 2_147_483_647;

const WHERE: Record<string, string> = {
  'channel-asc': `m."channelId" = $1 AND m."threadRootId" IS NULL AND m.seq > $2 AND m.seq < $3 ORDER BY m.seq ASC LIMIT $4`,
  'channel-desc': `m."channelId" = $1 AND m."threadRootId" IS NULL AND m.seq > $2 AND m.seq < $3 ORDER BY m.seq DESC LIMIT $4`,
  thread: `m."threadRootId" = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
  one: `m.id = $1 AND m."workspaceId" = $2`,
  live: `m.id = ANY($1::uuid[]) AND m."workspaceId" = $2 AND m."deletedAt" IS NULL`,
};

// Timestamps are `timestamp(3)` holding UTC (as Prisma stores them); `AT TIME ZONE 'UTC'` hands
// them to the driver as timestamptz, so they parse to the right instant whatever the process TZ.
const sqlFor = (where: string) => `
  SELECT m.id, m."workspaceId", m."channelId", m.seq, m."authorUserId", m."authorBotId", m.body,
         m."clientMsgId", m."threadRootId", m."replyCount",
         m."lastReplyAt" AT TIME ZONE 'UTC' AS "lastReplyAt", m."editedAt" AT TIME ZONE 'UTC' AS "editedAt",
         m."deletedAt" AT TIME ZONE 'UTC' AS "deletedAt", m."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
         CASE WHEN u.id IS NULL THEN NULL
              ELSE json_build_object('id', u.id, 'displayName', u."displayName", 'avatarUrl', u."avatarUrl") END AS "authorUser",
         CASE WHEN b.id IS NULL THEN NULL
              ELSE json_build_object('id', b.id, 'displayName', b."displayName", 'avatarUrl', b."avatarUrl") END AS "authorBot",
         COALESCE((SELECT json_agg(json_build_object('emoji', r.emoji, 'userId', r."userId") ORDER BY r."createdAt")
                   FROM reactions r WHERE r."messageId" = m.id), '[]'::json) AS reactions,
         EXISTS (SELECT 1 FROM pins p WHERE p."channelId" = m."channelId" AND p."messageId" = m.id) AS pinned,
         EXISTS (SELECT 1 FROM message_attachments a WHERE a."messageId" = m.id) AS "hasAttachments"
  FROM (SELECT * FROM messages m WHERE ${where}) m
  LEFT JOIN users u ON u.id = m."authorUserId"
  LEFT JOIN bots b ON b.id = m."authorBotId"`;

function statement(sel: MessageSelection, take: number) {
  switch (sel.kind) {
    case 'channel': {
      const key = `channel-${sel.order}`;
      return {
        key,
        values: [sel.channelId, sel.after, sel.before, take],
        order: sel.order,
      };
    }
    case 'thread':
      return { key: 'thread', values: [sel.rootId, sel.after, take], order: 'asc' as const };
    case 'one':
      return { key: 'one', values: [sel.messageId, sel.workspaceId], order: 'asc' as const };
    case 'live':
      return { key: 'live', values: [sel.messageIds, sel.workspaceId], order: 'asc' as const };
  }
}

/**
 * Loads messages with everything `toMessageDto` needs in one statement: authors, reactions (in
 * the order they were added) and the pin flag come back as JSON beside each row, instead of the
 * query per relation that `include: messageInclude` costs. It runs on the pg pool as a named
 * prepared statement (planned once per connection): history pages are the hottest read.
 * Attachments are rare, so they are fetched (through Prisma) only when a message has some.
 */
export async function loadMessages(
  db: Db,
  sel: MessageSelection,
  take: number,
): Promise<MessageWithRelations[]> {
  const { key, values, order } = statement(sel, take);
  const { rows } = await pgPoolOf(db).query<Row>({
    name: `parley_history_${key.replace('-', '_')}`,
    text: `${sqlFor(WHERE[key]!)} ORDER BY m.seq ${order === 'asc' ? 'ASC' : 'DESC'}`,
    values,
  });

  const withFiles = rows.filter((r) => r.hasAttachments).map((r) => r.id);
  const attachments = new Map<string, (MessageAttachment & { file: File })[]>();
  if (withFiles.length) {
    const found = await db.messageAttachment.findMany({
      where: { messageId: { in: withFiles } },
      include: { file: true },
      orderBy: { position: 'asc' },
    });
    for (const a of found)
      attachments.set(a.messageId, [...(attachments.get(a.messageId) ?? []), a]);
  }
  return rows.map(({ pinned, hasAttachments: _, ...m }) => ({
    ...m,
    attachments: attachments.get(m.id) ?? [],
    pins: pinned ? [{ messageId: m.id }] : [],
  }));
}

/** Whether a channel has top-level messages with after < seq < before. */
export async function hasMessages(
  db: Db,
  channelId: string,
  after: number,
  before: number,
): Promise<boolean> {
  const { rows } = await pgPoolOf(db).query<{ found: boolean }>({
    name: 'parley_history_exists',
    text: `SELECT EXISTS (SELECT 1 FROM messages m WHERE m."channelId" = $1 AND m."threadRootId" IS NULL AND m.seq > $2 AND m.seq < $3) AS found`,
    values: [channelId, after, before],
  });
  return rows[0]?.found ?? false;
}
