export { followThread, unfollowThread, getThreadFollowState } from './follow-thread.ts';
