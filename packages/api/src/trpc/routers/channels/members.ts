import { channelIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const members = workspaceProcedure
  .input(channelIdInput)
  .query(({ ctx, input }) =>
    ctx.services.channels.listChannelMembers(ctx.actor, withoutWorkspace(input)),
  );
