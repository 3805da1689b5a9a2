import type { MessageDto } from '@parley/contracts';

/** The wire shape of a message just written: no replies, reactions, edits or pins yet. */
export function newMessageDto(
  fields: Pick<
    MessageDto,
    | 'id'
    | 'workspaceId'
    | 'channelId'
    | 'seq'
    | 'author'
    | 'body'
    | 'clientMsgId'
    | 'threadRootId'
    | 'createdAt'
  > & { attachments?: MessageDto['attachments'] },
): MessageDto {
  return {
    replyCount: 0,
    lastReplyAt: null,
    editedAt: null,
    deletedAt: null,
    reactions: [],
    pinned: false,
    attachments: [],
    ...fields,
  };
}
