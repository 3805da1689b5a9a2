import { browseChannelsInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const browse = workspaceProcedure
  .input(browseChannelsInput)
  .query(({ ctx, input }) =>
    ctx.services.channels.browseChannels(ctx.actor, withoutWorkspace(input)),
  );
