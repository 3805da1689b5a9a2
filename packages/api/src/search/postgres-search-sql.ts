import { Prisma, type Db } from '@parley/db';
import { hasText, type ParsedSearchQuery } from './parse-search-query.ts';
import type { SearchViewer } from './search-engine.ts';

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Who and where a search may look, resolved from the database by the access rules at the start
 * of every search: the channels the viewer can read (narrowed to in:#channel when given) and the
 * people from:@ names. The search statements then carry them as id arrays, so PostgreSQL plans
 * with the real ids: it walks the newest-first index when the viewer reads most channels (checking
 * each row's channel against a hashed list), and uses the per-channel index for in:#channel or a
 * guest's few channels. (A readable-channels subquery in the same statement would leave the
 * planner guessing its size; a semi-join on it would read and sort the whole scope.)
 */
export interface SearchScope {
  channelIds: string[];
  /** Undefined when the query names no one. */
  authorIds?: string[];
}

export async function resolveScope(
  db: Db,
  viewer: SearchViewer,
  q: ParsedSearchQuery,
): Promise<SearchScope> {
  const ws = Prisma.sql`${viewer.workspaceId}::uuid`;
  const named = q.inChannels.length
    ? Prisma.sql` AND c.name = ANY (${q.inChannels}::text[])`
    : Prisma.empty;
  const authors = q.fromUsers.length
    ? Prisma.sql`ARRAY(
        SELECT u.id::text FROM users u JOIN memberships m ON m."userId" = u.id AND m."workspaceId" = ${ws}
        WHERE lower(regexp_replace(u."displayName", '\\s+', '', 'g')) = ANY (${q.fromUsers}::text[])
           OR split_part(u.email, '@', 1) = ANY (${q.fromUsers}::text[]))`
    : Prisma.sql`NULL::text[]`;
  // Members read the channels they are in; non-guests also read every public channel.
  const [row] = await db.$queryRaw<{ channelIds: string[]; authorIds: string[] | null }[]>`
    SELECT ARRAY(
             SELECT c.id::text FROM channels c
             WHERE c."workspaceId" = ${ws}${named}
               AND ((c.kind = 'public' AND ${!viewer.isGuest})
                    OR EXISTS (SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = ${viewer.userId}::uuid))
           ) AS "channelIds",
           ${authors} AS "authorIds"`;
  return { channelIds: row?.channelIds ?? [], authorIds: row?.authorIds ?? undefined };
}

/**
 * The pieces of one search as SQL over `message_search s`, split by what they do to the plan:
 * - `scope`: workspace, readable channels (in:#channel), from:@person and dates: conditions the
 *   b-trees on (workspaceId, createdAt), (workspaceId, channelId, createdAt) and
 *   (workspaceId, authorId, createdAt) can walk newest first.
 * - `match`: what the text and the remaining filters must match (tsquery or substrings,
 *   -exclusions, has:file): checked per row, or found through the GIN indexes.
 */
export interface SearchSql {
  scope: Prisma.Sql;
  match: Prisma.Sql;
  /** `match` written for the GIN indexes, for ranking every match (the same messages). */
  indexedMatch: Prisma.Sql;
  /** `ts_rank` of the row; 0 for filter-only searches and for substring-only matches. */
  rank: Prisma.Sql;
  /** The matching part of the body with [[ ]] around matches, or its start for filter-only searches. */
  snippet: Prisma.Sql;
  /**
   * Conditions implied by `match` that let ranking every match start from a small table instead
   * of reading the whole scope: has:file starts from the messages with attachments.
   */
  implied: Prisma.Sql;
}

export function searchSql(
  viewer: SearchViewer,
  q: ParsedSearchQuery,
  { channelIds, authorIds }: SearchScope,
): SearchSql {
  const scope: Prisma.Sql[] = [
    Prisma.sql`s."workspaceId" = ${viewer.workspaceId}::uuid`,
    // One id as `=`, so in:#channel walks the per-channel index in createdAt order.
    channelIds.length === 1
      ? Prisma.sql`s."channelId" = ${channelIds[0]}::uuid`
      : Prisma.sql`s."channelId" = ANY (${channelIds}::uuid[])`,
  ];
  if (authorIds?.length === 1) scope.push(Prisma.sql`s."authorId" = ${authorIds[0]}::uuid`);
  else if (authorIds) scope.push(Prisma.sql`s."authorId" = ANY (${authorIds}::uuid[])`);
  if (q.before) scope.push(Prisma.sql`s."createdAt" < ${q.before}`);
  if (q.after) scope.push(Prisma.sql`s."createdAt" >= ${q.after}`);

  const text = [
    ...q.words,
    ...q.phrases.map((p) => `"${p.replace(/"/g, '')}"`),
    ...q.excluded.map((e) => `-"${e.replace(/"/g, '')}"`),
  ].join(' ');
  const tsq = Prisma.sql`websearch_to_tsquery('simple', ${text})`;
  const filters: Prisma.Sql[] = [];
  if (q.excluded.length)
    filters.push(Prisma.sql`NOT (s.body ILIKE ANY (${q.excluded.map(like)}::text[]))`);
  if (q.hasFile) filters.push(Prisma.sql`s."hasFile"`);
  const match = [...filters];
  const indexedMatch = [...filters];
  if (hasText(q)) {
    // One ILIKE per pattern (not ILIKE ALL (array)): each is then a pg_trgm GIN condition, so the
    // substring branch can be a bitmap scan instead of a pass over every row.
    const substrings = Prisma.join(
      [...q.words, ...q.phrases].map((p) => Prisma.sql`s.body ILIKE ${like(p)}`),
      ' AND ',
    );
    const wordsOrSubstrings = Prisma.sql`(s.document @@ ${tsq} OR (${substrings}))`;
    match.unshift(wordsOrSubstrings);
    // A plain word (ASCII letters and digits) is one lexeme, and a message holding it as a word
    // holds it as a substring. So when every word, in phrases too, is plain, every match holds
    // each word as a substring: that selects candidates from the trigram index alone (one GIN
    // scan instead of two, and no trigrams across a phrase's spaces), and phrases are checked on
    // the candidates.
    const each = [...q.words, ...q.phrases.flatMap((p) => p.split(/\s+/))].filter(Boolean);
    const plain = each.every((w) => /^[a-z0-9]+$/i.test(w));
    const perWord = Prisma.join(
      each.map((w) => Prisma.sql`s.body ILIKE ${like(w)}`),
      ' AND ',
    );
    indexedMatch.unshift(
      !plain
        ? wordsOrSubstrings
        : q.phrases.length
          ? Prisma.sql`${perWord} AND ${wordsOrSubstrings}`
          : Prisma.sql`(${substrings})`,
    );
  }

  return {
    scope: Prisma.join(scope, ' AND '),
    match: match.length ? Prisma.join(match, ' AND ') : Prisma.sql`true`,
    indexedMatch: indexedMatch.length ? Prisma.join(indexedMatch, ' AND ') : Prisma.sql`true`,
    rank: hasText(q)
      ? Prisma.sql`COALESCE(ts_rank(s.document, ${tsq}), 0)::float8`
      : Prisma.sql`0::float8`,
    implied: q.hasFile
      ? Prisma.sql`s."messageId" IN (SELECT a."messageId" FROM message_attachments a)`
      : Prisma.sql`true`,
    snippet: hasText(q)
      ? Prisma.sql`ts_headline('simple', s.body, ${tsq}, 'StartSel=[[, StopSel=]], MaxWords=30, MinWords=10, HighlightAll=false')`
      : Prisma.sql`left(s.body, 200)`,
  };
}

/**
 * How far the first, recent-first pass looks: the newest `window` messages in the viewer's scope,
 * of which at most `candidates` matches (newest first) are ranked.
 */
export interface RecentPass {
  window: number;
  candidates: number;
}

export const DEFAULT_RECENT_PASS: RecentPass = { window: 5_000, candidates: 100 };

/**
 * The newest matches, ranked: walks a newest-first index ((workspaceId, createdAt), or the
 * per-channel or per-author one) over at most `window` rows of the scope, keeps the first
 * `candidates` that match and ranks only those. The inner LIMIT bounds the rows read however
 * common or rare the words are (ranking all 100,000 messages that contain a common word is what
 * made searching a million messages take half a second).
 */
export function recentQuery(sql: SearchSql, pass: RecentPass, limit: number) {
  return Prisma.sql`
    SELECT s."messageId"::text AS "messageId", s."channelId"::text AS "channelId", ${sql.snippet} AS snippet, s.rank
    FROM (
      SELECT s.*, ${sql.rank} AS rank
      FROM (
        SELECT s.* FROM (
          SELECT s."messageId", s."channelId", s."authorId", s.body, s."hasFile", s."createdAt", s.document
          FROM message_search s WHERE ${sql.scope}
          ORDER BY s."createdAt" DESC LIMIT ${pass.window}
        ) s
        WHERE ${sql.match}
        ORDER BY s."createdAt" DESC LIMIT ${Math.max(pass.candidates, limit)}
      ) s
      ORDER BY rank DESC, s."createdAt" DESC LIMIT ${limit}
    ) s
    ORDER BY s.rank DESC, s."createdAt" DESC`;
}

/**
 * Every match in scope, ranked: the GIN indexes (tsvector, and pg_trgm for substrings) find the
 * matches, then all of them are ranked. Cheap when few messages match, which is when it runs.
 */
export function everythingQuery(sql: SearchSql, limit: number) {
  return Prisma.sql`
    SELECT s."messageId"::text AS "messageId", s."channelId"::text AS "channelId", ${sql.snippet} AS snippet, s.rank
    FROM (
      SELECT s."messageId", s."channelId", s.body, s."createdAt", ${sql.rank} AS rank
      FROM message_search s
      WHERE ${sql.scope} AND ${sql.indexedMatch} AND ${sql.implied}
      ORDER BY rank DESC, s."createdAt" DESC LIMIT ${limit}
    ) s
    ORDER BY s.rank DESC, s."createdAt" DESC`;
}
