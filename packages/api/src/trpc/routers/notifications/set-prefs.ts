import { notificationPrefsInput } from '@parley/contracts';
import { authedProcedure } from '../../init.ts';

export const setPrefs = authedProcedure
  .input(notificationPrefsInput)
  .mutation(({ ctx, input }) => ctx.services.notifications.setNotificationPrefs(ctx.userId, input));
