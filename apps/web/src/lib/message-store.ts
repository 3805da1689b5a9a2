import type { MessageDto } from '@parley/contracts';
import type { DisplayMessage } from './group-messages';

/**
 * One channel's messages as the UI holds them: server messages by id (kept in seq order) plus the
 * user's optimistic sends keyed by clientMsgId. Pure, so every transition is unit-tested.
 */
export interface ChannelMessages {
  byId: Record<string, MessageDto>;
  pending: Record<string, DisplayMessage>;
  /**
   * The seq up to which this store misses nothing: raised by pages (the newest page, a sync reply,
   * a poll "after" it) and by messages that follow it without a gap, never by a message beyond a gap
   * (say the ack of one's own send while earlier messages are still on their way). A live message
   * beyond highestSeq + 1 means a gap to fetch, and sync and polls ask for what follows it.
   */
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
  /**
   * Messages that leave no gap below their highest seq: a page of history, a sync reply. `newest`:
   * the channel's newest page, which also drops what is stored below it (a first page after live
   * strays, a refetch after falling too far behind), so no hole is left that "load older" skips.
   */
  | { type: 'page'; messages: MessageDto[]; hasMoreBefore?: boolean; newest?: boolean }
  /** One message as it arrives (live, or one's own send): raises highestSeq only without a gap. */
  | { type: 'upsert'; message: MessageDto }
  /** A newer copy of a message (an edit): applied only to a message this store holds. */
  | { type: 'updated'; message: MessageDto }
  /** A thread's replies: stored like live messages, saying nothing about the channel's other seqs. */
  | { type: 'replies'; messages: MessageDto[] }
  | { type: 'deleted'; messageId: string; deletedAt: string }
  | { type: 'reaction'; messageId: string; userId: string; emoji: string; added: boolean }
  | { type: 'thread'; rootId: string; replyCount: number; lastReplyAt: string | null }
  | { type: 'pinned'; messageId: string; pinned: boolean }
  | { type: 'send'; pending: DisplayMessage }
  | { type: 'sent'; clientMsgId: string; message: MessageDto }
  | { type: 'failed'; clientMsgId: string }
  | { type: 'retry'; clientMsgId: string };

/** The message stored (its optimistic copy dropped); highestSeq as it was. */
function store(state: ChannelMessages, message: MessageDto): ChannelMessages {
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
  return { ...state, byId: { ...state.byId, [message.id]: message }, pending };
}

/** One message stored, highestSeq raised if it follows without a gap. */
function put(state: ChannelMessages, message: MessageDto): ChannelMessages {
  const next = store(state, message);
  if (next === state || message.seq !== state.highestSeq + 1) return next;
  return { ...next, highestSeq: contiguousFrom(next.byId, message.seq) };
}

/** `seq`, raised through the seqs stored right after it (arrived early, beyond a gap now filled). */
function contiguousFrom(byId: Record<string, MessageDto>, seq: number): number {
  const seqs = new Set<number>();
  for (const m of Object.values(byId)) if (m.seq > seq) seqs.add(m.seq);
  while (seqs.has(seq + 1)) seq++;
  return seq;
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
      const seqs = action.messages.map((m) => m.seq);
      const lowest = Math.min(...seqs);
      const byId =
        action.newest && seqs.length > 0
          ? Object.fromEntries(Object.entries(state.byId).filter(([, m]) => m.seq >= lowest))
          : state.byId;
      let next: ChannelMessages = {
        ...state,
        byId,
        loaded: true,
        hasMoreBefore: action.hasMoreBefore ?? state.hasMoreBefore,
      };
      // Stored one by one, highestSeq worked out once for the whole page.
      for (const m of action.messages) next = store(next, m);
      const highest = Math.max(state.highestSeq, ...seqs);
      return { ...next, highestSeq: contiguousFrom(next.byId, highest) };
    }
    case 'upsert':
      return put(state, action.message);
    case 'updated':
      return state.byId[action.message.id] ? put(state, action.message) : state;
    case 'replies':
      return action.messages.reduce(put, state);
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
