export { createPostgresSearchEngine } from './postgres-search-engine.ts';
export { parseSearchQuery, type ParsedSearchQuery } from './parse-search-query.ts';
export type { SearchEngine, SearchHit, SearchViewer } from './search-engine.ts';
