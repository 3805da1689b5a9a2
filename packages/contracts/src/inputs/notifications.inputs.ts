import { z } from 'zod';
import { id } from '../common.ts';

/** A thread is named by its root message. */
export const threadFollowInput = z.object({ rootId: id });
export type ThreadFollowInput = z.infer<typeof threadFollowInput>;

export const threadFollowState = z.object({ rootId: id, following: z.boolean() });
export type ThreadFollowState = z.infer<typeof threadFollowState>;

export const notificationPrefsInput = z.object({ emailNotifications: z.boolean() });
export type NotificationPrefsInput = z.infer<typeof notificationPrefsInput>;

export const notificationPrefs = z.object({
  emailNotifications: z.boolean(),
  /** How many Web Push subscriptions (browsers/devices) the user has. */
  pushSubscriptions: z.number().int().nonnegative(),
});
export type NotificationPrefs = z.infer<typeof notificationPrefs>;

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url')
    .refine((s) => s.replace(/=+$/, '').length === Math.ceil((bytes * 4) / 3), {
      message: `must encode ${bytes} bytes`,
    });

/**
 * A browser's PushSubscription as `subscription.toJSON()` gives it. The endpoint's scheme and
 * address are checked by the service (https only, public addresses only, unless configured).
 */
export const pushSubscribeInput = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2048),
  keys: z.object({
    /** The browser's P-256 ECDH public key, uncompressed (65 bytes). */
    p256dh: base64url(65),
    /** The 16-byte authentication secret. */
    auth: base64url(16),
  }),
});
export type PushSubscribeInput = z.infer<typeof pushSubscribeInput>;

export const pushUnsubscribeInput = z.object({ endpoint: z.url().max(2048) });
export type PushUnsubscribeInput = z.infer<typeof pushUnsubscribeInput>;
