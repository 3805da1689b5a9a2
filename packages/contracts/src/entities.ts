import { z } from 'zod';
import { channelKind, id, isoDate, notificationLevel, role } from './common.ts';

/** Wire shapes of domain objects, shared by tRPC, sockets, the bot API and workers. Dates are ISO strings. */

export const messageAuthor = z.object({
  kind: z.enum(['user', 'bot']),
  id: id.nullable(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
});

export const reactionSummary = z.object({
  emoji: z.string(),
  count: z.number().int(),
  userIds: z.array(id),
});

export const attachmentDto = z.object({
  id,
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  status: z.enum(['pending', 'processing', 'ready', 'rejected']),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

export const messageDto = z.object({
  id,
  workspaceId: id,
  channelId: id,
  seq: z.number().int().positive(),
  author: messageAuthor,
  body: z.string(),
  clientMsgId: z.string().nullable(),
  threadRootId: id.nullable(),
  replyCount: z.number().int(),
  lastReplyAt: isoDate.nullable(),
  editedAt: isoDate.nullable(),
  deletedAt: isoDate.nullable(),
  createdAt: isoDate,
  reactions: z.array(reactionSummary),
  attachments: z.array(attachmentDto),
  pinned: z.boolean(),
});
export type MessageDto = z.infer<typeof messageDto>;

export const channelDto = z.object({
  id,
  workspaceId: id,
  kind: channelKind,
  name: z.string().nullable(),
  topic: z.string(),
  purpose: z.string(),
  archivedAt: isoDate.nullable(),
  lastSeq: z.number().int(),
  lastMessageAt: isoDate.nullable(),
  createdAt: isoDate,
  /** For DMs and group DMs: the other members' ids. */
  dmUserIds: z.array(id).optional(),
  memberCount: z.number().int().optional(),
});
export type ChannelDto = z.infer<typeof channelDto>;

export const userDto = z.object({
  id,
  email: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  statusText: z.string().nullable(),
  statusEmoji: z.string().nullable(),
});
export type UserDto = z.infer<typeof userDto>;

export const memberDto = userDto.extend({
  role,
  deactivated: z.boolean(),
  joinedAt: isoDate,
});
export type MemberDto = z.infer<typeof memberDto>;

export const workspaceDto = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  role,
  allowedEmailDomains: z.array(z.string()),
  retentionDays: z.number().int().nullable(),
  maxUploadBytes: z.number().int(),
  allowedUploadTypes: z.array(z.string()),
  allowPrivateWebhookTargets: z.boolean(),
});
export type WorkspaceDto = z.infer<typeof workspaceDto>;

/** One sidebar row: the channel, the caller's read state and unread/mention counts. */
export const sidebarChannelDto = channelDto.extend({
  lastReadSeq: z.number().int(),
  unreadCount: z.number().int(),
  mentionCount: z.number().int(),
  muted: z.boolean(),
  notificationLevel,
});
export type SidebarChannelDto = z.infer<typeof sidebarChannelDto>;
