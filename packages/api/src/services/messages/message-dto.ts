import type { MessageDto } from '@parley/contracts';
import type { Prisma } from '@parley/db';

/** What every message read loads, so one mapper builds the wire shape. */
export const messageInclude = {
  authorUser: { select: { id: true, displayName: true, avatarUrl: true } },
  authorBot: { select: { id: true, displayName: true, avatarUrl: true } },
  reactions: { select: { emoji: true, userId: true }, orderBy: { createdAt: 'asc' } },
  attachments: { include: { file: true }, orderBy: { position: 'asc' } },
  pins: { select: { messageId: true } },
} satisfies Prisma.MessageInclude;

export type MessageWithRelations = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMessageDto(m: MessageWithRelations): MessageDto {
  const deleted = m.deletedAt !== null;
  const reactions = new Map<string, string[]>();
  if (!deleted) {
    for (const r of m.reactions) {
      const users = reactions.get(r.emoji) ?? [];
      users.push(r.userId);
      reactions.set(r.emoji, users);
    }
  }
  const author = m.authorBot
    ? {
        kind: 'bot' as const,
        id: m.authorBot.id,
        displayName: m.authorBot.displayName,
        avatarUrl: m.authorBot.avatarUrl,
      }
    : {
        kind: 'user' as const,
        id: m.authorUser?.id ?? null,
        displayName: m.authorUser?.displayName ?? 'Deleted user',
        avatarUrl: m.authorUser?.avatarUrl ?? null,
      };
  return {
    id: m.id,
    workspaceId: m.workspaceId,
    channelId: m.channelId,
    seq: m.seq,
    author,
    body: deleted ? '' : m.body,
    clientMsgId: m.clientMsgId,
    threadRootId: m.threadRootId,
    replyCount: m.replyCount,
    lastReplyAt: iso(m.lastReplyAt),
    editedAt: iso(m.editedAt),
    deletedAt: iso(m.deletedAt),
    createdAt: m.createdAt.toISOString(),
    reactions: [...reactions].map(([emoji, userIds]) => ({
      emoji,
      count: userIds.length,
      userIds,
    })),
    attachments: deleted
      ? []
      : m.attachments.map(({ file }) => ({
          id: file.id,
          name: file.name,
          contentType: file.contentType,
          size: file.size,
          status: file.status,
          width: file.width,
          height: file.height,
        })),
    pinned: m.pins.length > 0,
  };
}
