import { acceptInviteInput } from '@parley/contracts';
import { authedProcedure } from '../../init.ts';

export const accept = authedProcedure
  .input(acceptInviteInput)
  .mutation(({ ctx, input }) => ctx.services.invites.acceptInvite(ctx.userId, input));
