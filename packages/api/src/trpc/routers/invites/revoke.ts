import { revokeInviteInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const revoke = workspaceProcedure
  .input(revokeInviteInput)
  .mutation(({ ctx, input }) =>
    ctx.services.invites.revokeInvite(ctx.actor, withoutWorkspace(input)),
  );
