import { channelIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const get = workspaceProcedure
  .input(channelIdInput)
  .query(({ ctx, input }) => ctx.services.channels.getChannel(ctx.actor, withoutWorkspace(input)));
