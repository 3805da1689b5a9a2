import { router } from '../../init.ts';
import { follow } from './follow.ts';
import { followState } from './follow-state.ts';
import { unfollow } from './unfollow.ts';

/** The caller's follow state of threads: follow, unfollow, and read it. */
export const threadsRouter = router({ follow, unfollow, followState });
