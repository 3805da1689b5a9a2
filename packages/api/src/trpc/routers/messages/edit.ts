import { editMessageInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const edit = workspaceProcedure
  .input(editMessageInput)
  .mutation(({ ctx, input }) =>
    ctx.services.messages.editMessage(ctx.actor, withoutWorkspace(input)),
  );
