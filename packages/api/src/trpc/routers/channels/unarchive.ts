import { channelIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const unarchive = workspaceProcedure
  .input(channelIdInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.unarchiveChannel(ctx.actor, withoutWorkspace(input)),
  );
