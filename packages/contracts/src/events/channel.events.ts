import { z } from 'zod';
import { id, role } from '../common.ts';
import { channelDto } from '../entities.ts';
import { eventSchema } from './envelope.ts';

export const channelCreatedEvent = eventSchema(
  'channel.created',
  z.object({ channel: channelDto, memberIds: z.array(id) }),
);
export const channelUpdatedEvent = eventSchema(
  'channel.updated',
  z.object({ channel: channelDto }),
);
export const channelArchivedEvent = eventSchema(
  'channel.archived',
  z.object({ channel: channelDto }),
);
export const channelMemberJoinedEvent = eventSchema(
  'channel.member_joined',
  z.object({ channelId: id, userId: id }),
);
export const channelMemberLeftEvent = eventSchema(
  'channel.member_left',
  z.object({ channelId: id, userId: id, removedById: id.nullable() }),
);
export const memberRoleChangedEvent = eventSchema(
  'member.role_changed',
  z.object({ userId: id, role }),
);
export const memberDeactivatedEvent = eventSchema('member.deactivated', z.object({ userId: id }));
export const memberJoinedEvent = eventSchema('member.joined', z.object({ userId: id, role }));
export const readUpdatedEvent = eventSchema(
  'read.updated',
  z.object({ userId: id, channelId: id, lastReadSeq: z.number().int() }),
);
