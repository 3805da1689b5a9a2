import { pushSubscribeInput } from '@parley/contracts';
import { authedProcedure } from '../../init.ts';

export const subscribe = authedProcedure
  .input(pushSubscribeInput)
  .mutation(({ ctx, input }) => ctx.services.push.subscribePush(ctx.userId, input));
