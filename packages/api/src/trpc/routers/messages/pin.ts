import { pinInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const pin = workspaceProcedure
  .input(pinInput)
  .mutation(({ ctx, input }) =>
    ctx.services.messages.pinMessage(ctx.actor, withoutWorkspace(input)),
  );
