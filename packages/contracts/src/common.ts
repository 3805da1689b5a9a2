import { z } from 'zod';

/** Longest message body accepted anywhere (UI, socket, bot API). */
export const MAX_MESSAGE_LENGTH = 40_000;
/** History pages hold at most this many messages. */
export const HISTORY_PAGE_SIZE = 50;

export const id = z.uuid({ message: 'must be a valid id' });
export const roles = ['owner', 'admin', 'member', 'guest'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const channelKinds = ['public', 'private', 'dm', 'group_dm'] as const;
export const channelKind = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof channelKind>;

export const notificationLevel = z.enum(['all', 'mentions', 'nothing']);
export type NotificationLevel = z.infer<typeof notificationLevel>;

/** Channel names follow Slack: lowercase letters, digits, dashes and underscores, 1–80 chars. */
export const channelName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'channel name is required')
  .max(80, 'channel name is at most 80 characters')
  .regex(/^[\p{Ll}\p{Lo}\p{N}_-]+$/u, 'use lowercase letters, numbers, dashes and underscores');

export const messageBody = z
  .string()
  .max(MAX_MESSAGE_LENGTH, `message is longer than ${MAX_MESSAGE_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, 'message cannot be empty');

export const clientMsgId = z.string().min(1).max(64);

export const emoji = z
  .string()
  .trim()
  .min(1, 'emoji is required')
  .max(64, 'emoji is at most 64 characters')
  .regex(/^[^\s<>]+$/u, 'emoji must be a single name or character');

export const email = z
  .email({ message: 'must be a valid email address' })
  .max(254)
  .transform((s) => s.trim().toLowerCase());

export const password = z
  .string()
  .min(8, 'password must be at least 8 characters')
  .max(256, 'password is at most 256 characters');

export const displayName = z.string().trim().min(1, 'name is required').max(80);

export const workspaceSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'workspace URL must be at least 2 characters')
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'use lowercase letters, numbers and dashes');

export const isoDate = z.iso.datetime();

/** Who performs an operation. Every service takes one. */
export const actor = z.object({
  kind: z.enum(['user', 'bot', 'system']),
  id: z.string(),
  workspaceId: id,
});
export type Actor = z.infer<typeof actor>;
