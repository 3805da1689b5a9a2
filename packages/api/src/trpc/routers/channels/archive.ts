import { channelIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const archive = workspaceProcedure
  .input(channelIdInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.archiveChannel(ctx.actor, withoutWorkspace(input)),
  );
