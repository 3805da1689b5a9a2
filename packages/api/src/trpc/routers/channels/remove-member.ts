import { removeChannelMemberInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const removeMember = workspaceProcedure
  .input(removeChannelMemberInput)
  .mutation(({ ctx, input }) =>
    ctx.services.channels.removeChannelMember(ctx.actor, withoutWorkspace(input)),
  );
