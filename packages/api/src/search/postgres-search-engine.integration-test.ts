import { createPostgresSearchEngine } from './postgres-search-engine.ts';
import { describeSearchEngineContract } from './search-engine-contract.ts';

describeSearchEngineContract('postgres', (h) => createPostgresSearchEngine(h.deps.db));
