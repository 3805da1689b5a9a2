import { acceptInviteInput } from '@parley/contracts';
import { publicProcedure } from '../../init.ts';

export const preview = publicProcedure
  .input(acceptInviteInput)
  .query(({ ctx, input }) => ctx.services.invites.previewInvite(input));
