import { reactionInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const addReaction = workspaceProcedure
  .input(reactionInput)
  .mutation(({ ctx, input }) =>
    ctx.services.messages.addReaction(ctx.actor, withoutWorkspace(input)),
  );
