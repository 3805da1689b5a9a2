import { pushSubscribeInput, pushUnsubscribeInput } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { assertPushEndpoint } from './push-config.ts';

/** How many browsers one account may register; the oldest go first beyond this. */
const MAX_SUBSCRIPTIONS = 20;

async function requireActiveUser(deps: ServiceDeps, userId: string): Promise<void> {
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: { deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
}

/**
 * Registers this browser's push subscription for the signed-in user. An endpoint is one browser
 * profile, so re-subscribing (or signing in as someone else in the same browser) moves it.
 */
export async function subscribePush(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<{ subscribed: true }> {
  const input = parseInput(pushSubscribeInput, rawInput);
  await requireActiveUser(deps, userId);
  assertPushEndpoint(input.endpoint, deps.config?.push);
  const data = { userId, p256dh: input.keys.p256dh, auth: input.keys.auth };
  await deps.db.pushSubscription.upsert({
    where: { endpoint: input.endpoint },
    create: { endpoint: input.endpoint, ...data },
    update: data,
  });
  const extra = await deps.db.pushSubscription.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    skip: MAX_SUBSCRIPTIONS,
    select: { id: true },
  });
  if (extra.length)
    await deps.db.pushSubscription.deleteMany({ where: { id: { in: extra.map((e) => e.id) } } });
  return { subscribed: true };
}

/** Removes one of the signed-in user's push subscriptions (another user's endpoint is left alone). */
export async function unsubscribePush(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<{ removed: number }> {
  const input = parseInput(pushUnsubscribeInput, rawInput);
  await requireActiveUser(deps, userId);
  const result = await deps.db.pushSubscription.deleteMany({
    where: { endpoint: input.endpoint, userId },
  });
  return { removed: result.count };
}

/** The VAPID public key browsers subscribe with; null when push is not configured. */
export async function getVapidPublicKey(
  deps: ServiceDeps,
  userId: string,
): Promise<{ publicKey: string | null }> {
  await requireActiveUser(deps, userId);
  return { publicKey: deps.config?.push?.vapidPublicKey ?? null };
}
