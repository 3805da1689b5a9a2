import { deleteMessageInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const deleteMessage = workspaceProcedure
  .input(deleteMessageInput)
  .mutation(({ ctx, input }) =>
    ctx.services.messages.deleteMessage(ctx.actor, withoutWorkspace(input)),
  );
