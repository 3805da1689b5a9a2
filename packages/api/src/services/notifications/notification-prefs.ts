import { notificationPrefsInput, type NotificationPrefs } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';

async function prefsOf(deps: ServiceDeps, userId: string): Promise<NotificationPrefs> {
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: {
      deactivatedAt: true,
      emailNotifications: true,
      _count: { select: { pushSubscriptions: true } },
    },
  });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
  return {
    emailNotifications: user.emailNotifications,
    pushSubscriptions: user._count.pushSubscriptions,
  };
}

/** The signed-in user's delivery preferences: email digests on or off, push devices registered. */
export function getNotificationPrefs(deps: ServiceDeps, userId: string) {
  return prefsOf(deps, userId);
}

/** Turns email digests on or off for the signed-in user (every workspace). */
export async function setNotificationPrefs(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<NotificationPrefs> {
  const input = parseInput(notificationPrefsInput, rawInput);
  await prefsOf(deps, userId);
  await deps.db.user.update({
    where: { id: userId },
    data: { emailNotifications: input.emailNotifications },
  });
  return prefsOf(deps, userId);
}
