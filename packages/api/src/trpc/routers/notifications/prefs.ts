import { authedProcedure } from '../../init.ts';

export const prefs = authedProcedure.query(({ ctx }) =>
  ctx.services.notifications.getNotificationPrefs(ctx.userId),
);
