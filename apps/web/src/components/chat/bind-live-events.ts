import type { MessageDto } from '@parley/contracts';
import type { MutableRefObject } from 'react';
import type { ChannelMessages, MessageAction } from '@/lib/message-store';
import type { ParleyClientSocket } from '@/lib/use-realtime';

export interface LiveEventHandlers {
  meId: string;
  storesRef: MutableRefObject<Record<string, ChannelMessages>>;
  dispatch: (channelId: string, action: MessageAction) => void;
  syncChannels: (socket: ParleyClientSocket, channelIds: string[]) => Promise<void>;
  notify: (message: MessageDto, mentioned: boolean) => void;
  refreshSidebar: () => void;
  refreshMembers: () => void;
  setPresence: (update: (s: Record<string, string>) => Record<string, string>) => void;
  setTyping: (
    update: (
      s: Record<string, { userId: string; until: number }[]>,
    ) => Record<string, { userId: string; until: number }[]>,
  ) => void;
}

/**
 * Wires every server push to the UI state: messages into the per-channel stores (with gap detection
 * and a sync when a seq is skipped), sidebar and member refreshes, presence and typing.
 */
export function bindLiveEvents(socket: ParleyClientSocket, h: LiveEventHandlers): void {
  const { dispatch, storesRef, syncChannels, notify, refreshSidebar, setPresence, setTyping } = h;
  // Channels with a gap sync under way: the messages that keep arriving beyond the gap until its
  // reply lands need no sync of their own.
  const syncing = new Set<string>();
  socket.on('message:created', (e) => {
    const m = e.payload.message;
    const s = storesRef.current[m.channelId];
    if (s?.loaded && m.seq > s.highestSeq + 1 && !syncing.has(m.channelId)) {
      syncing.add(m.channelId);
      void syncChannels(socket, [m.channelId])
        .catch(() => undefined)
        .finally(() => syncing.delete(m.channelId));
    }
    dispatch(m.channelId, { type: 'upsert', message: m });
    // Whoever just posted is no longer typing there (their own stop may arrive later, or never).
    const authorId = m.author.id;
    if (authorId)
      setTyping((s) =>
        s[m.channelId]?.some((t) => t.userId === authorId)
          ? { ...s, [m.channelId]: s[m.channelId]!.filter((t) => t.userId !== authorId) }
          : s,
      );
    notify(
      m,
      e.payload.mentions.userIds.includes(h.meId) ||
        e.payload.mentions.channel ||
        e.payload.mentions.here,
    );
    refreshSidebar();
  });
  socket.on('message:updated', (e) =>
    dispatch(e.payload.message.channelId, { type: 'updated', message: e.payload.message }),
  );
  socket.on('message:deleted', (e) => {
    dispatch(e.payload.channelId, {
      type: 'deleted',
      messageId: e.payload.messageId,
      deletedAt: e.payload.deletedAt,
    });
    refreshSidebar();
  });
  socket.on('reaction:added', (e) =>
    dispatch(e.payload.channelId, { type: 'reaction', ...e.payload, added: true }),
  );
  socket.on('reaction:removed', (e) =>
    dispatch(e.payload.channelId, { type: 'reaction', ...e.payload, added: false }),
  );
  socket.on('thread:updated', (e) =>
    dispatch(e.payload.channelId, { type: 'thread', ...e.payload }),
  );
  socket.on('message:pinned', (e) =>
    dispatch(e.payload.channelId, {
      type: 'pinned',
      messageId: e.payload.messageId,
      pinned: true,
    }),
  );
  socket.on('message:unpinned', (e) =>
    dispatch(e.payload.channelId, {
      type: 'pinned',
      messageId: e.payload.messageId,
      pinned: false,
    }),
  );
  for (const ev of [
    'read:updated',
    'channel:created',
    'channel:updated',
    'channel:archived',
    'channel:member_joined',
    'channel:member_left',
  ] as const) {
    socket.on(ev, refreshSidebar);
  }
  for (const ev of [
    'member:joined',
    'member:deactivated',
    'member:role_changed',
    'channel:member_joined',
    'channel:member_left',
  ] as const) {
    socket.on(ev, h.refreshMembers);
  }
  socket.on('presence:updated', (p) => setPresence((s) => ({ ...s, [p.userId]: p.status })));
  socket.on('typing', (t) => {
    setTyping((s) => {
      const list = (s[t.channelId] ?? []).filter(
        (x) => x.userId !== t.userId && x.until > performance.now(),
      );
      return {
        ...s,
        [t.channelId]: t.typing
          ? [...list, { userId: t.userId, until: performance.now() + 6_000 }]
          : list,
      };
    });
  });
}
