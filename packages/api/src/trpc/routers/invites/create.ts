import { createInviteInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const create = workspaceProcedure
  .input(createInviteInput)
  .mutation(({ ctx, input }) =>
    ctx.services.invites.createInvite(ctx.actor, withoutWorkspace(input)),
  );
