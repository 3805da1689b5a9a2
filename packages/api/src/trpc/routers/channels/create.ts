import { createChannelInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const create = workspaceProcedure
  .input(createChannelInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.createChannel(ctx.actor, withoutWorkspace(input)),
  );
