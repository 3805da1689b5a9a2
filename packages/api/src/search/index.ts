export { createPostgresSearchEngine } from './postgres-search-engine.ts';
export {
  createMeilisearchSearchEngine,
  deleteMeilisearchIndex,
  meilisearchIndexSettings,
  type MeilisearchOptions,
  type MeilisearchSearchEngine,
} from './meilisearch-search-engine.ts';
export {
  createSearchEngine,
  type ConfiguredSearchEngine,
  type SearchConfig,
} from './create-search-engine.ts';
export type { MeilisearchMessageDocument } from './meilisearch-scope.ts';
export { searchConfigFromEnv, searchEnvShape } from './search-env.ts';
export { parseSearchQuery, type ParsedSearchQuery } from './parse-search-query.ts';
export type { SearchEngine, SearchHit, SearchViewer } from './search-engine.ts';
