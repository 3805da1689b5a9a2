import { threadFollowInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const follow = workspaceProcedure
  .input(threadFollowInput)
  .mutation(({ ctx, input }) =>
    ctx.services.threads.followThread(ctx.actor, withoutWorkspace(input)),
  );
