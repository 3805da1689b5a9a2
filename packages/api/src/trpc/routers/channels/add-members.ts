import { addChannelMembersInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const addMembers = workspaceProcedure
  .input(addChannelMembersInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.addChannelMembers(ctx.actor, withoutWorkspace(input)),
  );
