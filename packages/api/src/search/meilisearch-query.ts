import { hasText, type ParsedSearchQuery } from './parse-search-query.ts';

/**
 * The pure half of the Meilisearch engine: turns a parsed query and the viewer's resolved scope into
 * one Meilisearch search request. Only ids and numbers ever reach the filter (channel names and
 * handles are resolved to ids in PostgreSQL first), and every id is checked and quoted on the way in,
 * so nothing a user types can change the filter's structure.
 */

/** What the viewer may read and what the query's in:/from: names resolved to, all ids from PostgreSQL. */
export interface MeilisearchScope {
  workspaceId: string;
  /** Every channel the viewer can read (member channels, plus public ones for non-guests). */
  readableChannelIds: string[];
  /** The channels named by in:#name (only consulted when the query has in: terms). */
  inChannelIds: string[];
  /** The people named by from:@handle (only consulted when the query has from: terms). */
  fromUserIds: string[];
}

export interface MeilisearchRequest {
  q: string;
  params: {
    filter: string;
    sort: string[];
    limit: number;
    matchingStrategy: 'all';
    attributesToRetrieve: string[];
    attributesToHighlight: string[];
    attributesToCrop: string[];
    cropLength: number;
    cropMarker: string;
    highlightPreTag: string;
    highlightPostTag: string;
    showRankingScore: boolean;
  };
}

/** The snippet contract shared with the PostgreSQL engine: plain text, matches wrapped in [[ ]]. */
export const HIGHLIGHT_PRE = '[[';
export const HIGHLIGHT_POST = ']]';
/** Words of context around the matches (ts_headline in the PostgreSQL engine uses MaxWords=30). */
export const CROP_WORDS = 30;
/** Length of the snippet when there is no text to match (PostgreSQL: left(body, 200)). */
export const PLAIN_SNIPPET_CHARS = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A string literal for a Meilisearch filter. Meilisearch's filter parser reads a double-quoted value
 * up to the first `"` that is not preceded by a backslash and skips the character after every `\`,
 * so escaping `\` and `"` keeps any input inside the literal.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** An id for the filter: it must be a UUID (every id Parley stores is), then it is quoted anyway. */
export function filterId(id: string): string {
  if (!UUID.test(id)) throw new Error(`not an id, refusing to put it in a search filter: ${id}`);
  return quoteFilterValue(id.toLowerCase());
}

const inList = (field: string, ids: string[]) => `${field} IN [${ids.map(filterId).join(', ')}]`;

/** Characters Meilisearch reads as its negative operator at the start of a word, and quotes. */
const LEADING_NEGATION = /^[-\uFE63\uFF0D]+/;
const stripQuotes = (s: string) => s.replace(/"/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * The `q` string: words as they are, "phrases" as Meilisearch phrases, and exclusions with
 * Meilisearch's negative operator (`-word`, `-"two words"`; Meilisearch ≥ 1.8). User text can
 * neither open a stray phrase (quotes are removed from terms) nor negate a word it did not mark with
 * `-` (leading minus signs are removed from words).
 */
export function toMeilisearchQ(q: ParsedSearchQuery): string {
  const words = q.words.map((w) => stripQuotes(w).replace(LEADING_NEGATION, '')).filter(Boolean);
  const phrases = q.phrases
    .map(stripQuotes)
    .filter(Boolean)
    .map((p) => `"${p}"`);
  const excluded = q.excluded
    .map((e) => stripQuotes(e).replace(LEADING_NEGATION, ''))
    .filter(Boolean)
    .map((e) => (/\s/.test(e) ? `-"${e}"` : `-${e}`));
  return [...words, ...phrases, ...excluded].join(' ');
}

/** The filter expression: permissions first (always), then the query's own filters. */
export function toMeilisearchFilter(q: ParsedSearchQuery, scope: MeilisearchScope): string {
  const clauses = [
    `workspaceId = ${filterId(scope.workspaceId)}`,
    inList('channelId', scope.readableChannelIds),
  ];
  if (q.inChannels.length) clauses.push(inList('channelId', scope.inChannelIds));
  if (q.fromUsers.length) clauses.push(inList('authorId', scope.fromUserIds));
  if (q.before) clauses.push(`createdAt < ${epochMs(q.before)}`);
  if (q.after) clauses.push(`createdAt >= ${epochMs(q.after)}`);
  if (q.hasFile) clauses.push('hasFile = true');
  return clauses.map((c) => `(${c})`).join(' AND ');
}

function epochMs(d: Date): number {
  const ms = d.getTime();
  if (!Number.isSafeInteger(ms)) throw new Error('invalid date in search query');
  return ms;
}

/**
 * The whole request, or null when the scope already proves there can be no result (the viewer
 * reads no channel, or in:/from: named nothing that exists) — the same answer PostgreSQL gives.
 */
export function toMeilisearchRequest(
  q: ParsedSearchQuery,
  scope: MeilisearchScope,
  limit: number,
): MeilisearchRequest | null {
  if (!scope.readableChannelIds.length) return null;
  if (q.inChannels.length && !scope.inChannelIds.length) return null;
  if (q.fromUsers.length && !scope.fromUserIds.length) return null;
  return {
    q: toMeilisearchQ(q),
    params: {
      filter: toMeilisearchFilter(q, scope),
      // Relevance buckets first (the default ranking rules put `sort` after words, typo, proximity
      // and attribute), then newest first — PostgreSQL orders by rank, then createdAt DESC.
      sort: ['createdAt:desc'],
      limit,
      // Every word must match, as in PostgreSQL; Meilisearch's default drops trailing words.
      matchingStrategy: 'all',
      attributesToRetrieve: ['id', 'channelId', 'body'],
      attributesToHighlight: ['body'],
      attributesToCrop: ['body'],
      cropLength: CROP_WORDS,
      cropMarker: '…',
      highlightPreTag: HIGHLIGHT_PRE,
      highlightPostTag: HIGHLIGHT_POST,
      showRankingScore: true,
    },
  };
}

/**
 * The snippet for a hit, in the PostgreSQL engine's contract: plain text (never HTML — the UI
 * renders it as text and turns only [[ ]] into <mark>), matches wrapped in [[ ]]; the first 200
 * characters when the query has no text to highlight.
 */
export function toSnippet(
  q: ParsedSearchQuery,
  body: string,
  formatted: string | undefined,
): string {
  if (!hasText(q)) return body.slice(0, PLAIN_SNIPPET_CHARS);
  return formatted ?? body.slice(0, PLAIN_SNIPPET_CHARS);
}
