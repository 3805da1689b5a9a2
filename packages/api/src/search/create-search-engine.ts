import type { Db } from '@parley/db';
import {
  createMeilisearchSearchEngine,
  type MeilisearchOptions,
} from './meilisearch-search-engine.ts';
import { createPostgresSearchEngine } from './postgres-search-engine.ts';
import type { SearchEngine } from './search-engine.ts';

export type SearchConfig =
  { engine: 'postgres' } | ({ engine: 'meilisearch' } & MeilisearchOptions);

export interface ConfiguredSearchEngine extends SearchEngine {
  /** Prepares the backend (Meilisearch: creates the index, applies settings); idempotent. */
  ready(): Promise<void>;
}

/** Builds the configured search engine (composition roots read the config from their env). */
export function createSearchEngine(db: Db, config: SearchConfig): ConfiguredSearchEngine {
  if (config.engine === 'meilisearch') return createMeilisearchSearchEngine(db, config);
  return { ...createPostgresSearchEngine(db), ready: () => Promise.resolve() };
}
