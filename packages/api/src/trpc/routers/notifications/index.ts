import { notificationPrefsInput } from '@parley/contracts';
import { authedProcedure, router } from '../../init.ts';

/** The caller's notification delivery preferences (email digests). */
export const notificationsRouter = router({
  prefs: authedProcedure.query(({ ctx }) =>
    ctx.services.notifications.getNotificationPrefs(ctx.userId),
  ),
  setPrefs: authedProcedure
    .input(notificationPrefsInput)
    .mutation(({ ctx, input }) =>
      ctx.services.notifications.setNotificationPrefs(ctx.userId, input),
    ),
});
