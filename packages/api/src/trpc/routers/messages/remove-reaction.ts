import { reactionInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const removeReaction = workspaceProcedure
  .input(reactionInput)
  .mutation(({ ctx, input }) =>
    ctx.services.messages.removeReaction(ctx.actor, withoutWorkspace(input)),
  );
