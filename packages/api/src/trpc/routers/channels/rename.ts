import { renameChannelInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const rename = workspaceProcedure
  .input(renameChannelInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.renameChannel(ctx.actor, withoutWorkspace(input)),
  );
