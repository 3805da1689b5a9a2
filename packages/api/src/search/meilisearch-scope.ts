import type { Db } from '@parley/db';
import type { MeilisearchScope } from './meilisearch-query.ts';
import type { ParsedSearchQuery } from './parse-search-query.ts';
import type { SearchViewer } from './search-engine.ts';

/**
 * The PostgreSQL half of the Meilisearch engine: what a message looks like in the index, and which
 * channels and people a viewer's query may touch. PostgreSQL stays the source of truth for
 * membership; Meilisearch only ever sees the resulting ids in its filter.
 */

/** One message as Meilisearch stores it; `createdAt` is epoch milliseconds so it can be ranged. */
export interface MeilisearchMessageDocument {
  id: string;
  workspaceId: string;
  channelId: string;
  /** The author when a person wrote it; null for bot messages (as in the PostgreSQL engine). */
  authorId: string | null;
  body: string;
  hasFile: boolean;
  createdAt: number;
}

/** The message's document as it is now, or null when it is deleted or gone (remove it). */
export async function meilisearchDocumentOf(
  db: Db,
  messageId: string,
): Promise<MeilisearchMessageDocument | null> {
  const m = await db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      workspaceId: true,
      channelId: true,
      authorUserId: true,
      body: true,
      deletedAt: true,
      createdAt: true,
      attachments: { select: { fileId: true }, take: 1 },
    },
  });
  if (!m || m.deletedAt) return null;
  return {
    id: m.id,
    workspaceId: m.workspaceId,
    channelId: m.channelId,
    authorId: m.authorUserId,
    body: m.body,
    hasFile: m.attachments.length > 0,
    createdAt: m.createdAt.getTime(),
  };
}

/**
 * In one round trip: the channels the viewer can read (the same rule as the PostgreSQL engine:
 * channels they are a member of, plus every public channel unless they are a guest), and the ids
 * the query's in:#channel and from:@person names resolve to in this workspace.
 */
export async function resolveMeilisearchScope(
  db: Db,
  viewer: SearchViewer,
  q: ParsedSearchQuery,
): Promise<MeilisearchScope> {
  const [row] = await db.$queryRaw<
    { readable: string[]; inChannels: string[]; fromUsers: string[] }[]
  >`
    SELECT
      ARRAY(
        SELECT cm."channelId"::text FROM channel_members cm
        WHERE cm."userId" = ${viewer.userId}::uuid AND cm."workspaceId" = ${viewer.workspaceId}::uuid
        UNION
        SELECT c.id::text FROM channels c
        WHERE c."workspaceId" = ${viewer.workspaceId}::uuid AND c.kind = 'public' AND ${!viewer.isGuest}
      ) AS readable,
      ARRAY(
        SELECT id::text FROM channels
        WHERE "workspaceId" = ${viewer.workspaceId}::uuid AND name = ANY (${q.inChannels}::text[])
      ) AS "inChannels",
      ARRAY(
        SELECT u.id::text FROM users u
        JOIN memberships m ON m."userId" = u.id AND m."workspaceId" = ${viewer.workspaceId}::uuid
        WHERE lower(regexp_replace(u."displayName", '\\s+', '', 'g')) = ANY (${q.fromUsers}::text[])
           OR split_part(u.email, '@', 1) = ANY (${q.fromUsers}::text[])
      ) AS "fromUsers"`;
  return {
    workspaceId: viewer.workspaceId,
    readableChannelIds: row?.readable ?? [],
    inChannelIds: row?.inChannels ?? [],
    fromUserIds: row?.fromUsers ?? [],
  };
}
