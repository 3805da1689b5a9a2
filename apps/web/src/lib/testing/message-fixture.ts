import type { MessageDto } from '@parley/contracts';

/** A complete MessageDto for client-side unit tests; override what the test is about. */
export function messageFixture(seq: number, extra: Partial<MessageDto> = {}): MessageDto {
  return {
    id: `id-${seq}`,
    workspaceId: 'w',
    channelId: 'c',
    seq,
    author: { kind: 'user', id: 'u1', displayName: 'Ada', avatarUrl: null },
    body: `m${seq}`,
    clientMsgId: null,
    threadRootId: null,
    replyCount: 0,
    lastReplyAt: null,
    editedAt: null,
    deletedAt: null,
    createdAt: new Date(2026, 0, 1, 0, 0, seq).toISOString(),
    reactions: [],
    attachments: [],
    pinned: false,
    ...extra,
  };
}
