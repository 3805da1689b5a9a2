import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSearchEngine } from './create-search-engine.ts';
import { searchConfigFromEnv, searchEnvShape } from './search-env.ts';

const parse = (env: Record<string, string>) => z.object(searchEnvShape).parse(env);

describe('search configuration from the environment', () => {
  it('defaults to PostgreSQL and needs nothing else', () => {
    expect(searchConfigFromEnv(parse({}))).toEqual({ engine: 'postgres' });
  });

  it('builds the Meilisearch config, with the default index name', () => {
    expect(
      searchConfigFromEnv(
        parse({ SEARCH_ENGINE: 'meilisearch', MEILI_URL: 'http://meili:7700', MEILI_API_KEY: 'k' }),
      ),
    ).toEqual({
      engine: 'meilisearch',
      url: 'http://meili:7700',
      apiKey: 'k',
      index: 'parley_messages',
    });
  });

  it('names the variable that is missing or wrong', () => {
    expect(() => searchConfigFromEnv(parse({ SEARCH_ENGINE: 'meilisearch' }))).toThrow(/MEILI_URL/);
    expect(() => parse({ SEARCH_ENGINE: 'elastic' })).toThrow(/SEARCH_ENGINE/);
    expect(() => parse({ MEILI_URL: 'not a url' })).toThrow(/MEILI_URL/);
    expect(() => parse({ MEILI_INDEX: 'messages/../keys' })).toThrow(/MEILI_INDEX/);
  });

  it('picks the engine the config names', () => {
    const db = {} as Parameters<typeof createSearchEngine>[0];
    expect(createSearchEngine(db, { engine: 'postgres' }).name).toBe('postgres');
    expect(
      createSearchEngine(db, { engine: 'meilisearch', url: 'http://127.0.0.1:1', index: 'x' }).name,
    ).toBe('meilisearch');
  });
});
