export { getHistory, type HistoryPage } from './get-history.ts';
export { getThread } from './get-thread.ts';
