import { threadFollowInput } from '@parley/contracts';
import { router, workspaceProcedure, withoutWorkspace } from '../../init.ts';

/** Thread follow state of the caller: follow, unfollow, and read it. */
export const threadsRouter = router({
  follow: workspaceProcedure
    .input(threadFollowInput)
    .mutation(({ ctx, input }) =>
      ctx.services.threads.followThread(ctx.actor, withoutWorkspace(input)),
    ),
  unfollow: workspaceProcedure
    .input(threadFollowInput)
    .mutation(({ ctx, input }) =>
      ctx.services.threads.unfollowThread(ctx.actor, withoutWorkspace(input)),
    ),
  followState: workspaceProcedure
    .input(threadFollowInput)
    .query(({ ctx, input }) =>
      ctx.services.threads.getThreadFollowState(ctx.actor, withoutWorkspace(input)),
    ),
});
