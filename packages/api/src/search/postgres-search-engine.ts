import type { Db } from '@parley/db';
import type { ParsedSearchQuery } from './parse-search-query.ts';
import type { SearchEngine, SearchHit, SearchViewer } from './search-engine.ts';
import {
  DEFAULT_RECENT_PASS,
  everythingQuery,
  recentQuery,
  resolveScope,
  searchSql,
  type RecentPass,
} from './postgres-search-sql.ts';

/**
 * PostgreSQL full-text search: `tsvector` + GIN with websearch_to_tsquery and ts_rank, plus a
 * pg_trgm index so substrings and words of unsegmented scripts (e.g. Japanese) are found too.
 *
 * Results are the best-ranked (then newest) matches. A search first looks at recent messages
 * only (see `RecentPass`): when they hold at least `limit` matches, those are the answer, so a
 * common word costs the same at a million messages as at a thousand. Otherwise the words are
 * rare enough to rank every match in the whole scope.
 */
export function createPostgresSearchEngine(
  db: Db,
  options: { recentPass?: RecentPass } = {},
): SearchEngine {
  const pass = options.recentPass ?? DEFAULT_RECENT_PASS;
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
      const scope = await resolveScope(db, viewer, q);
      // No readable channel (or in:#channel they cannot read), or from:@ someone unknown.
      if (scope.channelIds.length === 0 || scope.authorIds?.length === 0) return [];
      const sql = searchSql(viewer, q, scope);
      const recent = await db.$queryRaw<SearchHit[]>(recentQuery(sql, pass, limit));
      if (recent.length >= limit) return recent;
      return db.$queryRaw<SearchHit[]>(everythingQuery(sql, limit));
    },
  };
}
