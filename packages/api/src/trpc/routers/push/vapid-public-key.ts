import { authedProcedure } from '../../init.ts';

export const vapidPublicKey = authedProcedure.query(({ ctx }) =>
  ctx.services.push.getVapidPublicKey(ctx.userId),
);
