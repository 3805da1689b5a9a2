import { describe, expect, it } from 'vitest';
import {
  filterId,
  quoteFilterValue,
  toMeilisearchFilter,
  toMeilisearchQ,
  toMeilisearchRequest,
  toSnippet,
  type MeilisearchScope,
} from './meilisearch-query.ts';
import { parseSearchQuery } from './parse-search-query.ts';

const WS = '0190a1b2-0000-7000-8000-000000000001';
const ENG = '0190a1b2-0000-7000-8000-0000000000e1';
const RANDOM = '0190a1b2-0000-7000-8000-0000000000e2';
const BOB = '0190a1b2-0000-7000-8000-0000000000b0';

const scope = (over: Partial<MeilisearchScope> = {}): MeilisearchScope => ({
  workspaceId: WS,
  readableChannelIds: [ENG, RANDOM],
  inChannelIds: [],
  fromUserIds: [],
  ...over,
});

/**
 * Meilisearch's reading of a double-quoted filter value (crates/filter-parser, `quoted_by`): the
 * literal ends at the first `"` not consumed by a preceding `\`. Returns the raw literal and the
 * rest of the filter after it.
 */
function readQuoted(filter: string, start: number): { raw: string; rest: string } {
  expect(filter[start]).toBe('"');
  for (let i = start + 1; i < filter.length; i++) {
    if (filter[i] === '\\') i++;
    else if (filter[i] === '"')
      return { raw: filter.slice(start + 1, i), rest: filter.slice(i + 1) };
  }
  throw new Error('unterminated literal');
}

describe('Meilisearch filter quoting', () => {
  it('keeps hostile text inside one literal and round-trips it', () => {
    for (const hostile of [
      'eng" OR workspaceId EXISTS OR "',
      'a\\" OR channelId EXISTS',
      '\\',
      '"',
      "it's ] ) ( [",
    ]) {
      const quoted = quoteFilterValue(hostile);
      const { raw, rest } = readQuoted(quoted, 0);
      expect(rest).toBe('');
      expect(raw.replace(/\\(.)/g, '$1')).toBe(hostile);
    }
  });

  it('accepts only ids in id positions', () => {
    expect(filterId(ENG.toUpperCase())).toBe(`"${ENG}"`);
    expect(() => filterId(`${ENG}" OR workspaceId EXISTS OR "`)).toThrow(/not an id/);
    expect(() => filterId('eng')).toThrow(/not an id/);
    expect(() =>
      toMeilisearchFilter(parseSearchQuery('deploy'), scope({ workspaceId: 'x" OR "1' })),
    ).toThrow(/not an id/);
  });
});

describe('Meilisearch request from a parsed query and the viewer scope', () => {
  it('always filters by workspace and readable channels, before anything else', () => {
    expect(toMeilisearchFilter(parseSearchQuery('deploy'), scope())).toBe(
      `(workspaceId = "${WS}") AND (channelId IN ["${ENG}", "${RANDOM}"])`,
    );
  });

  it('turns in:, from:, before:, after: and has:file into filter clauses on resolved ids', () => {
    const q = parseSearchQuery(
      'deploy in:#eng from:@bob after:2026-01-01 before:2026-02-01 has:file',
    );
    expect(toMeilisearchFilter(q, scope({ inChannelIds: [ENG], fromUserIds: [BOB] }))).toBe(
      [
        `(workspaceId = "${WS}")`,
        `(channelId IN ["${ENG}", "${RANDOM}"])`,
        `(channelId IN ["${ENG}"])`,
        `(authorId IN ["${BOB}"])`,
        `(createdAt < ${Date.UTC(2026, 1, 1)})`,
        `(createdAt >= ${Date.UTC(2026, 0, 1)})`,
        '(hasFile = true)',
      ].join(' AND '),
    );
  });

  it('never puts a channel name or handle into the filter, however it is spelled', () => {
    const q = parseSearchQuery('in:#eng"]OR(channelId from:@"bob\'s"');
    const filter = toMeilisearchFilter(q, scope({ inChannelIds: [ENG], fromUserIds: [BOB] }));
    expect(filter).not.toMatch(/bob|OR|eng"/);
    // Every literal in the filter is an id.
    const literals = [...filter.matchAll(/"([^"\\]*)"/g)].map((m) => m[1]);
    expect(literals.length).toBe(5);
    for (const l of literals) expect(l).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers nothing without asking Meilisearch when the scope rules every message out', () => {
    const q = parseSearchQuery('deploy');
    expect(toMeilisearchRequest(q, scope({ readableChannelIds: [] }), 20)).toBeNull();
    expect(toMeilisearchRequest(parseSearchQuery('deploy in:#nowhere'), scope(), 20)).toBeNull();
    expect(toMeilisearchRequest(parseSearchQuery('deploy from:@nobody'), scope(), 20)).toBeNull();
    expect(toMeilisearchRequest(q, scope(), 20)).not.toBeNull();
  });

  it('builds q from words, phrases and exclusions with the negative operator', () => {
    expect(toMeilisearchQ(parseSearchQuery('deploy "release notes" -staging -"on call"'))).toBe(
      'deploy "release notes" -staging -"on call"',
    );
  });

  it('keeps user text from opening phrases or negating words it did not mark', () => {
    // A stray quote inside a word, a fullwidth minus and a lone minus.
    expect(toMeilisearchQ(parseSearchQuery('foo"bar －secret - ok'))).toBe('foo bar secret ok');
    expect(toMeilisearchQ(parseSearchQuery('-"-a "'))).toBe('-a');
  });

  it('asks for every word, newest first among equals, highlights with [[ ]] and a ranking score', () => {
    const request = toMeilisearchRequest(
      parseSearchQuery('deploy in:#eng'),
      scope({ inChannelIds: [ENG] }),
      7,
    );
    expect(request).toMatchObject({
      q: 'deploy',
      params: {
        limit: 7,
        sort: ['createdAt:desc'],
        matchingStrategy: 'all',
        attributesToHighlight: ['body'],
        attributesToCrop: ['body'],
        highlightPreTag: '[[',
        highlightPostTag: ']]',
        showRankingScore: true,
      },
    });
  });
});

describe('Meilisearch snippets', () => {
  it('uses the highlighted crop for text queries and the start of the body for filter-only ones', () => {
    const body = 'x'.repeat(300);
    expect(toSnippet(parseSearchQuery('merger'), 'Secret [[merger]]', 'Secret [[merger]]')).toBe(
      'Secret [[merger]]',
    );
    expect(toSnippet(parseSearchQuery('in:#eng'), body, undefined)).toBe('x'.repeat(200));
    expect(toSnippet(parseSearchQuery('merger'), body, undefined)).toBe('x'.repeat(200));
  });
});
