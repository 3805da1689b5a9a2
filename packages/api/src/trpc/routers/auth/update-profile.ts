import { updateProfileInput } from '@parley/contracts';
import { authedProcedure } from '../../init.ts';

export const updateProfile = authedProcedure
  .input(updateProfileInput)
  .mutation(({ ctx, input }) => ctx.services.users.updateProfile(ctx.userId, input));
