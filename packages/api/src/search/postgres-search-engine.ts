import { Prisma, type Db } from '@parley/db';
import { hasText, type ParsedSearchQuery } from './parse-search-query.ts';
import type { SearchEngine, SearchHit, SearchViewer } from './search-engine.ts';

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * PostgreSQL full-text search: `tsvector` + GIN with websearch_to_tsquery and ts_rank, plus a
 * pg_trgm index so substrings and words of unsegmented scripts (e.g. Japanese) are found too.
 */
export function createPostgresSearchEngine(db: Db): SearchEngine {
  return {
    name: 'postgres',

    async sync(messageId) {
      const upserted = await db.$executeRaw`
        INSERT INTO message_search ("messageId", "workspaceId", "channelId", "authorId", body, "hasFile", "createdAt", document)
        SELECT m.id, m."workspaceId", m."channelId", m."authorUserId", m.body,
               EXISTS (SELECT 1 FROM message_attachments a WHERE a."messageId" = m.id), m."createdAt",
               to_tsvector('simple', m.body)
        FROM messages m WHERE m.id = ${messageId}::uuid AND m."deletedAt" IS NULL
        ON CONFLICT ("messageId") DO UPDATE
          SET body = EXCLUDED.body, "hasFile" = EXCLUDED."hasFile", document = EXCLUDED.document`;
      if (upserted === 0)
        await db.$executeRaw`DELETE FROM message_search WHERE "messageId" = ${messageId}::uuid`;
    },

    async search(viewer: SearchViewer, q: ParsedSearchQuery, limit: number): Promise<SearchHit[]> {
      const text = [
        ...q.words,
        ...q.phrases.map((p) => `"${p.replace(/"/g, '')}"`),
        ...q.excluded.map((e) => `-"${e.replace(/"/g, '')}"`),
      ].join(' ');
      const tsq = Prisma.sql`websearch_to_tsquery('simple', ${text})`;
      const conditions: Prisma.Sql[] = [
        Prisma.sql`s."workspaceId" = ${viewer.workspaceId}::uuid`,
        // Permissions are part of the query: only channels this viewer can read.
        Prisma.sql`s."channelId" IN (
          SELECT cm."channelId" FROM channel_members cm WHERE cm."userId" = ${viewer.userId}::uuid AND cm."workspaceId" = ${viewer.workspaceId}::uuid
          UNION
          SELECT c.id FROM channels c WHERE c."workspaceId" = ${viewer.workspaceId}::uuid AND c.kind = 'public' AND ${!viewer.isGuest})`,
      ];
      if (hasText(q)) {
        const patterns = [...q.words, ...q.phrases].map(like);
        conditions.push(
          Prisma.sql`(s.document @@ ${tsq} OR s.body ILIKE ALL (${patterns}::text[]))`,
        );
      }
      if (q.excluded.length)
        conditions.push(Prisma.sql`NOT (s.body ILIKE ANY (${q.excluded.map(like)}::text[]))`);
      if (q.inChannels.length) {
        conditions.push(
          Prisma.sql`s."channelId" IN (SELECT id FROM channels WHERE "workspaceId" = ${viewer.workspaceId}::uuid AND name = ANY (${q.inChannels}::text[]))`,
        );
      }
      if (q.fromUsers.length) {
        conditions.push(Prisma.sql`s."authorId" IN (
          SELECT u.id FROM users u JOIN memberships m ON m."userId" = u.id AND m."workspaceId" = ${viewer.workspaceId}::uuid
          WHERE lower(regexp_replace(u."displayName", '\\s+', '', 'g')) = ANY (${q.fromUsers}::text[])
             OR split_part(u.email, '@', 1) = ANY (${q.fromUsers}::text[]))`);
      }
      if (q.before) conditions.push(Prisma.sql`s."createdAt" < ${q.before}`);
      if (q.after) conditions.push(Prisma.sql`s."createdAt" >= ${q.after}`);
      if (q.hasFile) conditions.push(Prisma.sql`s."hasFile"`);
      const rank = hasText(q) ? Prisma.sql`ts_rank(s.document, ${tsq})` : Prisma.sql`0::real`;
      const snippet = hasText(q)
        ? Prisma.sql`ts_headline('simple', s.body, ${tsq}, 'StartSel=[[, StopSel=]], MaxWords=30, MinWords=10, HighlightAll=false')`
        : Prisma.sql`left(s.body, 200)`;
      return db.$queryRaw<SearchHit[]>`
        SELECT s."messageId"::text AS "messageId", s."channelId"::text AS "channelId", ${snippet} AS snippet, ${rank}::float8 AS rank
        FROM message_search s
        WHERE ${Prisma.join(conditions, ' AND ')}
        ORDER BY rank DESC, s."createdAt" DESC
        LIMIT ${limit}`;
    },
  };
}
