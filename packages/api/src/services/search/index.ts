export { searchMessages } from './search-messages.ts';
export { syncSearchIndex } from './sync-search-index.ts';
