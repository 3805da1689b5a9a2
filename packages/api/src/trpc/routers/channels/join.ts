import { channelIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const join = workspaceProcedure
  .input(channelIdInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.joinChannel(ctx.actor, withoutWorkspace(input)),
  );
