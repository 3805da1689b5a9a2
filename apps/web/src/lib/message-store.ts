import type { MessageDto } from '@parley/contracts';
import type { DisplayMessage } from './group-messages';

/**
 * One channel's messages as the UI holds them: server messages by id (kept in seq order) plus the
 * user's optimistic sends keyed by clientMsgId. Pure, so every transition is unit-tested.
 */
export interface ChannelMessages {
  byId: Record<string, MessageDto>;
  pending: Record<string, DisplayMessage>;
  /** Highest seq seen; a live message beyond highestSeq + 1 means a gap to fetch. */
  highestSeq: number;
  hasMoreBefore: boolean;
  loaded: boolean;
}

export const emptyChannel: ChannelMessages = {
  byId: {},
  pending: {},
  highestSeq: 0,
  hasMoreBefore: false,
  loaded: false,
};

export type MessageAction =
  | { type: 'page'; messages: MessageDto[]; hasMoreBefore?: boolean }
  | { type: 'upsert'; message: MessageDto }
  | { type: 'deleted'; messageId: string; deletedAt: string }
  | { type: 'reaction'; messageId: string; userId: string; emoji: string; added: boolean }
  | { type: 'thread'; rootId: string; replyCount: number; lastReplyAt: string | null }
  | { type: 'pinned'; messageId: string; pinned: boolean }
  | { type: 'send'; pending: DisplayMessage }
  | { type: 'sent'; clientMsgId: string; message: MessageDto }
  | { type: 'failed'; clientMsgId: string }
  | { type: 'retry'; clientMsgId: string };

function put(state: ChannelMessages, message: MessageDto): ChannelMessages {
  const existing = state.byId[message.id];
  // Never let an older copy (a late duplicate delivery) overwrite a newer edit or deletion.
  if (
    existing &&
    (existing.deletedAt ||
      (existing.editedAt && (!message.editedAt || message.editedAt < existing.editedAt)))
  ) {
    if (!message.deletedAt) return state;
  }
  // A page fetched before a reply committed may arrive after the live thread:updated push:
  // keep the newer thread summary.
  if (existing?.lastReplyAt && (!message.lastReplyAt || message.lastReplyAt < existing.lastReplyAt))
    message = { ...message, replyCount: existing.replyCount, lastReplyAt: existing.lastReplyAt };
  const pending = { ...state.pending };
  if (message.clientMsgId && pending[message.clientMsgId]) delete pending[message.clientMsgId];
  return {
    ...state,
    byId: { ...state.byId, [message.id]: message },
    pending,
    highestSeq: Math.max(state.highestSeq, message.seq),
  };
}

function patch(
  state: ChannelMessages,
  id: string,
  fn: (m: MessageDto) => MessageDto,
): ChannelMessages {
  const m = state.byId[id];
  return m ? { ...state, byId: { ...state.byId, [id]: fn(m) } } : state;
}

export function messagesReducer(state: ChannelMessages, action: MessageAction): ChannelMessages {
  switch (action.type) {
    case 'page': {
      let next: ChannelMessages = {
        ...state,
        loaded: true,
        hasMoreBefore: action.hasMoreBefore ?? state.hasMoreBefore,
      };
      for (const m of action.messages) next = put(next, m);
      return next;
    }
    case 'upsert':
      return put(state, action.message);
    case 'deleted':
      return patch(state, action.messageId, (m) => ({
        ...m,
        body: '',
        deletedAt: action.deletedAt,
        reactions: [],
        attachments: [],
      }));
    case 'reaction':
      return patch(state, action.messageId, (m) => {
        const current = m.reactions.find((r) => r.emoji === action.emoji);
        const users = new Set(current?.userIds ?? []);
        if (action.added) users.add(action.userId);
        else users.delete(action.userId);
        const others = m.reactions.filter((r) => r.emoji !== action.emoji);
        const reactions = users.size
          ? [...others, { emoji: action.emoji, count: users.size, userIds: [...users] }]
          : others;
        if (current && users.size)
          reactions.sort(
            (a, b) =>
              m.reactions.findIndex((r) => r.emoji === a.emoji) -
              m.reactions.findIndex((r) => r.emoji === b.emoji),
          );
        return { ...m, reactions };
      });
    case 'thread':
      return patch(state, action.rootId, (m) => ({
        ...m,
        replyCount: action.replyCount,
        lastReplyAt: action.lastReplyAt,
      }));
    case 'pinned':
      return patch(state, action.messageId, (m) => ({ ...m, pinned: action.pinned }));
    case 'send':
      return {
        ...state,
        pending: { ...state.pending, [action.pending.clientMsgId!]: action.pending },
      };
    case 'sent':
      return put(state, {
        ...action.message,
        clientMsgId: action.message.clientMsgId ?? action.clientMsgId,
      });
    case 'failed': {
      const p = state.pending[action.clientMsgId];
      return p
        ? {
            ...state,
            pending: { ...state.pending, [action.clientMsgId]: { ...p, pending: 'failed' } },
          }
        : state;
    }
    case 'retry': {
      const p = state.pending[action.clientMsgId];
      return p
        ? {
            ...state,
            pending: { ...state.pending, [action.clientMsgId]: { ...p, pending: 'sending' } },
          }
        : state;
    }
  }
}

/** Top-level messages in seq order, then the still-pending sends in the order they were made. */
export function visibleMessages(
  state: ChannelMessages,
  threadRootId: string | null = null,
): DisplayMessage[] {
  const server = Object.values(state.byId)
    .filter((m) => m.threadRootId === threadRootId)
    .sort((a, b) => a.seq - b.seq);
  const pending = Object.values(state.pending)
    .filter((m) => m.threadRootId === threadRootId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return [...server, ...pending];
}
