import { threadFollowInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const unfollow = workspaceProcedure
  .input(threadFollowInput)
  .mutation(({ ctx, input }) =>
    ctx.services.threads.unfollowThread(ctx.actor, withoutWorkspace(input)),
  );
