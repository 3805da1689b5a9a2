import { z } from 'zod';
import { channelName, id, notificationLevel } from '../common.ts';

export const createChannelInput = z.object({
  name: channelName,
  kind: z.enum(['public', 'private']).default('public'),
  topic: z.string().max(250).optional(),
  purpose: z.string().max(250).optional(),
  memberIds: z.array(id).max(1000).optional(),
});
export type CreateChannelInput = z.input<typeof createChannelInput>;

export const channelIdInput = z.object({ channelId: id });
export type ChannelIdInput = z.infer<typeof channelIdInput>;

export const browseChannelsInput = z.object({
  query: z.string().max(80).optional(),
  includeArchived: z.boolean().default(false),
});
export type BrowseChannelsInput = z.input<typeof browseChannelsInput>;

export const renameChannelInput = z.object({ channelId: id, name: channelName });
export type RenameChannelInput = z.infer<typeof renameChannelInput>;

export const setTopicInput = z.object({
  channelId: id,
  topic: z.string().max(250, 'topic is at most 250 characters'),
});
export type SetTopicInput = z.infer<typeof setTopicInput>;

export const addChannelMembersInput = z.object({
  channelId: id,
  userIds: z.array(id).min(1).max(1000),
});
export type AddChannelMembersInput = z.infer<typeof addChannelMembersInput>;

export const removeChannelMemberInput = z.object({ channelId: id, userId: id });
export type RemoveChannelMemberInput = z.infer<typeof removeChannelMemberInput>;

/** DMs (one other user) and group DMs (2–8 others) are found-or-created by member set. */
export const openDmInput = z.object({ userIds: z.array(id).min(1).max(8) });
export type OpenDmInput = z.infer<typeof openDmInput>;

export const channelPrefsInput = z.object({
  channelId: id,
  muted: z.boolean().optional(),
  notificationLevel: notificationLevel.optional(),
});
export type ChannelPrefsInput = z.infer<typeof channelPrefsInput>;
