import { pushSubscribeInput, pushUnsubscribeInput } from '@parley/contracts';
import { authedProcedure, router } from '../../init.ts';

/** Web Push: the VAPID public key, and this browser's subscription. */
export const pushRouter = router({
  vapidPublicKey: authedProcedure.query(({ ctx }) =>
    ctx.services.push.getVapidPublicKey(ctx.userId),
  ),
  subscribe: authedProcedure
    .input(pushSubscribeInput)
    .mutation(({ ctx, input }) => ctx.services.push.subscribePush(ctx.userId, input)),
  unsubscribe: authedProcedure
    .input(pushUnsubscribeInput)
    .mutation(({ ctx, input }) => ctx.services.push.unsubscribePush(ctx.userId, input)),
});
