import { pinInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const unpin = workspaceProcedure
  .input(pinInput)
  .mutation(({ ctx, input }) =>
    ctx.services.messages.unpinMessage(ctx.actor, withoutWorkspace(input)),
  );
