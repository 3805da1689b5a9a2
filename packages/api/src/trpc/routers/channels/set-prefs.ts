import { channelPrefsInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const setPrefs = workspaceProcedure
  .input(channelPrefsInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.setChannelPrefs(ctx.actor, withoutWorkspace(input)),
  );
