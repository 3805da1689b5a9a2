import type { ChannelDto } from '@parley/contracts';
import type { Channel } from '@parley/db';

export function toChannelDto(
  c: Channel,
  extra: { dmUserIds?: string[]; memberCount?: number } = {},
): ChannelDto {
  return {
    id: c.id,
    workspaceId: c.workspaceId,
    kind: c.kind,
    name: c.name,
    topic: c.topic,
    purpose: c.purpose,
    archivedAt: c.archivedAt?.toISOString() ?? null,
    lastSeq: c.lastSeq,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    ...extra,
  };
}
