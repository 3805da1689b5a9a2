import { signUpInput } from '@parley/contracts';
import { publicProcedure } from '../../init.ts';

export const signUp = publicProcedure
  .input(signUpInput)
  .mutation(({ ctx, input }) => ctx.services.auth.signUp(input));
