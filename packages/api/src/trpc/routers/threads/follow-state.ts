import { threadFollowInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const followState = workspaceProcedure
  .input(threadFollowInput)
  .query(({ ctx, input }) =>
    ctx.services.threads.getThreadFollowState(ctx.actor, withoutWorkspace(input)),
  );
