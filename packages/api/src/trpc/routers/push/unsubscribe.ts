import { pushUnsubscribeInput } from '@parley/contracts';
import { authedProcedure } from '../../init.ts';

export const unsubscribe = authedProcedure
  .input(pushUnsubscribeInput)
  .mutation(({ ctx, input }) => ctx.services.push.unsubscribePush(ctx.userId, input));
