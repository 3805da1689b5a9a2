import { channelIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const leave = workspaceProcedure
  .input(channelIdInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.leaveChannel(ctx.actor, withoutWorkspace(input)),
  );
