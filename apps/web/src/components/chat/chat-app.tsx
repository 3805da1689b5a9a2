'use client';

import type { MessageDto, SyncResult } from '@parley/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '@/lib/error-message';
import { createReadMarker } from '@/lib/read-marker';
import { emptyChannel, visibleMessages } from '@/lib/message-store';
import { request, useRealtime, type ParleyClientSocket } from '@/lib/use-realtime';
import { useTRPC, useTRPCClient } from '@/trpc/client';
import { MembersDialog, PinsDialog } from './channel-panels';
import { Composer } from './composer';
import { SearchDialog } from './search-dialog';
import {
  BrowseChannelsDialog,
  InviteDialog,
  NewChannelDialog,
  NewDmDialog,
  ProfileDialog,
} from './dialogs';
import type { MessageActions } from './message-item';
import { bindLiveEvents } from './bind-live-events';
import { useSendMessage } from './use-send-message';
import { MessageList } from './message-list';
import { channelLabel, Sidebar } from './sidebar';
import { ThreadPanel } from './thread-panel';
import { QuickSwitcher } from './quick-switcher';
import { useChannelStores } from './use-channel-stores';

type DialogName =
  | 'channel'
  | 'browse'
  | 'dm'
  | 'invite'
  | 'profile'
  | 'switcher'
  | 'members'
  | 'pins'
  | 'search'
  | null;

export function ChatApp({
  workspaceId,
  channelId,
  me,
  realtimeUrl,
}: {
  workspaceId: string;
  channelId: string;
  me: { id: string };
  realtimeUrl: string | null;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const { stores, dispatch } = useChannelStores();
  const [dialog, setDialog] = useState<DialogName>(null);
  // The open thread belongs to its channel: switching channels closes it (this component stays
  // mounted across channels).
  const [thread, setThread] = useState<{ channelId: string; rootId: string } | null>(null);
  const threadRootId = thread?.channelId === channelId ? thread.rootId : null;
  const [presence, setPresence] = useState<Record<string, string>>({});
  const [typing, setTyping] = useState<Record<string, { userId: string; until: number }[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [navOpen, setNavOpen] = useState(false);
  const storesRef = useRef(stores);
  storesRef.current = stores;

  const workspaces = useQuery(trpc.workspaces.list.queryOptions());
  const workspace = workspaces.data?.find((w) => w.id === workspaceId);
  const sidebar = useQuery(
    trpc.readState.sidebar.queryOptions({ workspaceId }, { refetchInterval: 15_000 }),
  );
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }));
  const channel = useQuery(
    trpc.channels.get.queryOptions({ workspaceId, channelId }, { retry: false }),
  );
  const names = useMemo(
    () => Object.fromEntries((members.data ?? []).map((m) => [m.id, m.displayName])),
    [members.data],
  );
  const current = sidebar.data?.find((c) => c.id === channelId);
  const refreshSidebar = useCallback(
    () => void qc.invalidateQueries(trpc.readState.sidebar.queryFilter()),
    [qc, trpc],
  );

  // Initial page of the open channel.
  const store = stores[channelId] ?? emptyChannel;
  useEffect(() => {
    if (storesRef.current[channelId]?.loaded) return;
    client.messages.history
      .query({ workspaceId, channelId })
      .then((page) =>
        dispatch(channelId, {
          type: 'page',
          messages: page.messages,
          hasMoreBefore: page.hasMoreBefore,
          newest: true,
        }),
      )
      .catch((err: unknown) => setError(messageOf(err)));
  }, [channelId, client, workspaceId]);

  /** The channel's newest page; `replace`: dropping what is stored below it. */
  const refetchNewest = useCallback(
    async (id: string, replace: boolean) => {
      const page = await client.messages.history
        .query({ workspaceId, channelId: id })
        .catch(() => null); // one channel failing must not stop the others
      if (page)
        dispatch(id, {
          type: 'page',
          messages: page.messages,
          hasMoreBefore: replace ? page.hasMoreBefore : undefined,
          newest: replace,
        });
    },
    [client, workspaceId],
  );

  const syncChannels = useCallback(
    async (socket: ParleyClientSocket, channelIds: string[]) => {
      const channels = Object.fromEntries(
        channelIds.map((id) => [id, storesRef.current[id]?.highestSeq ?? 0]),
      );
      const result = await request<SyncResult>(socket, 'sync', { channels });
      for (const ch of result.channels) {
        if (ch.status === 'ok') dispatch(ch.channelId, { type: 'page', messages: ch.messages });
        // Too far behind: the newest page instead, dropping what is older (no hole left between).
        if (ch.status === 'too_far_behind') await refetchNewest(ch.channelId, true);
      }
    },
    [client, workspaceId, refetchNewest],
  );

  const notify = useCallback(
    (message: MessageDto, mentioned: boolean) => {
      const row = sidebar.data?.find((c) => c.id === message.channelId);
      const isDm = row?.kind === 'dm' || row?.kind === 'group_dm';
      if (message.author.id === me.id || row?.muted || (!mentioned && !isDm)) return;
      if (document.visibilityState === 'visible' && message.channelId === channelId) return;
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        new Notification(
          isDm
            ? message.author.displayName
            : `${message.author.displayName} in #${row?.name ?? 'channel'}`,
          { body: 'New message', tag: message.id },
        );
      }
    },
    [sidebar.data, me.id, channelId],
  );
  // The socket's handlers are bound once per connection: they reach the current notify (sidebar,
  // open channel) through this ref, not the one of the render that connected.
  const notifyRef = useRef(notify);
  notifyRef.current = notify;

  const bind = useCallback(
    (socket: ParleyClientSocket) =>
      bindLiveEvents(socket, {
        meId: me.id,
        storesRef,
        dispatch,
        syncChannels,
        notify: (message, mentioned) => notifyRef.current(message, mentioned),
        refreshSidebar,
        refreshMembers: () => {
          void qc.invalidateQueries(trpc.members.list.queryFilter());
          void qc.invalidateQueries(trpc.channels.get.queryFilter());
        },
        setPresence,
        setTyping,
      }),
    [refreshSidebar, syncChannels, me.id, qc, trpc],
  );

  const onConnect = useCallback(
    (socket: ParleyClientSocket, reconnected: boolean) => {
      // Every connect, the first too: what committed between a page's fetch and joining the rooms.
      const loaded = Object.keys(storesRef.current).filter((id) => storesRef.current[id]?.loaded);
      if (loaded.length > 0) void syncChannels(socket, loaded).catch(() => undefined);
      if (!reconnected) return;
      // Sync brings the messages missed; edits, deletions and reactions to those already shown
      // come with a fresh newest page.
      for (const id of loaded) void refetchNewest(id, false);
      refreshSidebar();
    },
    [syncChannels, refetchNewest, refreshSidebar],
  );

  const { status, socketRef } = useRealtime(workspaceId, realtimeUrl, bind, onConnect);
  const live = status === 'connected';

  // Without a live connection, poll so the conversation still moves.
  useEffect(() => {
    if (live) return;
    const timer = setInterval(() => {
      const s = storesRef.current[channelId];
      if (!s?.loaded) return;
      client.messages.history
        .query({ workspaceId, channelId, after: s.highestSeq })
        .then((page) => dispatch(channelId, { type: 'page', messages: page.messages }))
        .catch(() => undefined);
      refreshSidebar();
    }, 4_000);
    return () => clearInterval(timer);
  }, [live, channelId, client, workspaceId, refreshSidebar]);

  // Ctrl/Cmd+K opens the quick switcher.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setDialog('switcher');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const readMarker = useMemo(
    () =>
      createReadMarker((markedChannel, seq) => {
        const socket = socketRef.current;
        return socket?.connected
          ? request(socket, 'read:mark', { channelId: markedChannel, seq })
          : client.readState.markRead.mutate({ workspaceId, channelId: markedChannel, seq });
      }),
    [client, workspaceId, socketRef],
  );
  const markRead = useCallback(() => {
    const s = storesRef.current[channelId];
    if (!s?.loaded || document.visibilityState !== 'visible' || !channel.data?.isMember) return;
    void readMarker
      .mark(channelId, s.highestSeq, current?.lastReadSeq ?? 0)
      ?.then((marked) => marked && refreshSidebar());
  }, [channelId, channel.data?.isMember, current?.lastReadSeq, readMarker, refreshSidebar]);

  const { send, attach } = useSendMessage({
    workspaceId,
    channelId,
    meId: me.id,
    names,
    socketRef,
    dispatch,
    onSent: refreshSidebar,
    onError: setError,
  });

  const actions: MessageActions = {
    react: (m, emoji, add) => {
      const call = add ? client.messages.addReaction.mutate : client.messages.removeReaction.mutate;
      void call({ workspaceId, messageId: m.id, emoji }).catch((err: unknown) =>
        setError(messageOf(err)),
      );
    },
    edit: (m, body) =>
      void client.messages.edit
        .mutate({ workspaceId, messageId: m.id, body })
        .then((updated) => dispatch(m.channelId, { type: 'updated', message: updated }))
        .catch((err: unknown) => setError(messageOf(err))),
    remove: (m) =>
      void client.messages.delete
        .mutate({ workspaceId, messageId: m.id })
        .then(() =>
          dispatch(m.channelId, {
            type: 'deleted',
            messageId: m.id,
            deletedAt: new Date().toISOString(),
          }),
        )
        .catch((err: unknown) => setError(messageOf(err))),
    pin: (m, pin) =>
      void (pin ? client.messages.pin.mutate : client.messages.unpin.mutate)({
        workspaceId,
        messageId: m.id,
      })
        .then(() => dispatch(m.channelId, { type: 'pinned', messageId: m.id, pinned: pin }))
        .catch((err: unknown) => setError(messageOf(err))),
    openThread: (m) => setThread({ channelId: m.channelId, rootId: m.id }),
    retry: (m) => {
      if (!m.clientMsgId) return;
      dispatch(m.channelId, { type: 'retry', clientMsgId: m.clientMsgId });
      send(m.channelId, m.body, m.threadRootId, m.clientMsgId);
    },
  };

  const loadOlder = useCallback(async () => {
    const first = visibleMessages(storesRef.current[channelId] ?? emptyChannel)[0];
    if (!first) return;
    const page = await client.messages.history.query({ workspaceId, channelId, before: first.seq });
    dispatch(channelId, {
      type: 'page',
      messages: page.messages,
      hasMoreBefore: page.hasMoreBefore,
    });
  }, [channelId, client, workspaceId]);

  // Typing expires on screen too: re-render when the earliest indicator runs out.
  useEffect(() => {
    const untils = Object.values(typing).flatMap((list) => list.map((t) => t.until));
    if (untils.length === 0) return;
    const timer = setTimeout(
      () => setTyping((s) => withoutExpiredTyping(s, performance.now())),
      Math.max(0, Math.min(...untils) - performance.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  const typingNames = (typing[channelId] ?? [])
    .filter((t) => t.until > performance.now() && t.userId !== me.id)
    .map((t) => names[t.userId] ?? 'Someone');
  const lastTyping = useRef(-Infinity);
  const onTyping = () => {
    const socket = socketRef.current;
    if (!socket?.connected || performance.now() - lastTyping.current < 2_000) return;
    lastTyping.current = performance.now();
    socket.emit('typing:start', { channelId });
  };
  /** After a send: the others stop seeing "typing…" at once, and the next keystroke says so again. */
  const onSent = () => {
    if (lastTyping.current > -Infinity) socketRef.current?.emit('typing:stop', { channelId });
    lastTyping.current = -Infinity;
  };

  const title = current ? channelLabel(current, names) : (channel.data?.name ?? '');
  const isChannel = channel.data?.kind === 'public' || channel.data?.kind === 'private';
  const composerDisabled = channel.data?.archivedAt
    ? 'This channel is archived and read-only.'
    : channel.data && !channel.data.isMember
      ? 'Join the channel to send messages.'
      : null;

  if (channel.error) {
    return (
      <main className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center">
        <h1 className="text-xl font-semibold">This conversation is not available</h1>
        <p className="text-zinc-500">It may be private, archived, or in another workspace.</p>
        <button
          className="rounded-md bg-accent px-3 py-2 text-white"
          onClick={() => router.push(`/w/${workspaceId}`)}
        >
          Go to #general
        </button>
      </main>
    );
  }

  return (
    <div className="flex h-full">
      <div className={`${navOpen ? 'fixed inset-0 z-30 flex' : 'hidden'} md:static md:flex`}>
        <Sidebar
          workspace={workspace}
          workspaces={workspaces.data ?? []}
          channels={sidebar.data ?? []}
          activeId={channelId}
          names={names}
          presence={presence}
          onNewChannel={() => setDialog('channel')}
          onBrowse={() => setDialog('browse')}
          onNewDm={() => setDialog('dm')}
          onInvite={() => setDialog('invite')}
          onProfile={() => setDialog('profile')}
          onClose={() => setNavOpen(false)}
        />
        {navOpen ? (
          <button
            className="flex-1 bg-black/40 md:hidden"
            aria-label="Close navigation"
            onClick={() => setNavOpen(false)}
          />
        ) : null}
      </div>
      <main className="flex min-w-0 flex-1 flex-col">
        {status === 'offline' ? (
          <div
            role="status"
            className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900 dark:bg-amber-900 dark:text-amber-100"
            data-testid="offline-banner"
          >
            You are offline. Reconnecting… messages you send will go out when the connection is
            back.
          </div>
        ) : null}
        <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
          <button
            className="md:hidden"
            aria-label="Open navigation"
            onClick={() => setNavOpen(true)}
          >
            ☰
          </button>
          <div className="min-w-0 flex-1">
            <h1 className="truncate font-bold" data-testid="channel-title">
              {isChannel ? (channel.data?.kind === 'private' ? '🔒 ' : '# ') : ''}
              {title}
            </h1>
            {channel.data?.topic ? (
              <p className="truncate text-xs text-zinc-500">{channel.data.topic}</p>
            ) : null}
          </div>
          {isChannel ? (
            <button
              className="text-xs text-zinc-500 hover:underline"
              onClick={() => {
                const topic = window.prompt('Channel topic', channel.data?.topic ?? '');
                if (topic !== null)
                  void client.channels.setTopic
                    .mutate({ workspaceId, channelId, topic })
                    .then(() => qc.invalidateQueries(trpc.channels.get.queryFilter()))
                    .catch((err: unknown) => setError(messageOf(err)));
              }}
            >
              Edit topic
            </button>
          ) : null}
          <button
            className="text-xs text-zinc-500 hover:underline"
            onClick={() => setDialog('search')}
          >
            Search
          </button>
          <button
            className="text-xs text-zinc-500 hover:underline"
            onClick={() => setDialog('pins')}
          >
            Pins
          </button>
          <button
            className="text-xs text-zinc-500 hover:underline"
            onClick={() => setDialog('members')}
            aria-label={`${channel.data?.memberCount ?? 0} members`}
          >
            {channel.data?.memberCount ?? ''} members
          </button>
          <span
            className={`h-2 w-2 rounded-full ${live ? 'bg-emerald-500' : 'bg-zinc-400'}`}
            title={live ? 'Live' : 'Not live'}
            aria-label={live ? 'Connected' : 'Not connected'}
          />
        </header>
        {error ? (
          <div
            role="alert"
            className="flex items-center justify-between bg-red-50 px-4 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-200"
          >
            {error}
            <button onClick={() => setError(null)} aria-label="Dismiss">
              ×
            </button>
          </div>
        ) : null}
        {store.loaded ? (
          <MessageList
            key={channelId}
            messages={visibleMessages(store)}
            lastReadSeq={current?.lastReadSeq}
            meId={me.id}
            names={names}
            actions={actions}
            hasMoreBefore={store.hasMoreBefore}
            loadOlder={loadOlder}
            onBottomVisible={markRead}
          />
        ) : (
          <div className="flex-1 p-6 text-sm text-zinc-500">Loading messages…</div>
        )}
        <p className="h-5 px-5 text-xs text-zinc-500" aria-live="polite" data-testid="typing">
          {typingNames.length
            ? `${typingNames.join(', ')} ${typingNames.length === 1 ? 'is' : 'are'} typing…`
            : ''}
        </p>
        <Composer
          draftKey={channelId}
          placeholder={`Message ${isChannel ? '#' : ''}${title}`}
          members={(members.data ?? []).filter((m) => !m.deactivated)}
          onSend={(body) => {
            onSent();
            return send(channelId, body, null);
          }}
          onTyping={onTyping}
          disabled={composerDisabled}
          onAttach={(file) => void attach(file)}
        />
      </main>
      {threadRootId ? (
        <ThreadPanel
          workspaceId={workspaceId}
          channelId={channelId}
          rootId={threadRootId}
          store={store}
          dispatchPage={(messages) => dispatch(channelId, { type: 'replies', messages })}
          meId={me.id}
          names={names}
          actions={{ ...actions, openThread: undefined }}
          members={members.data ?? []}
          onSend={(body) => send(channelId, body, threadRootId)}
          onClose={() => setThread(null)}
        />
      ) : null}
      <NewChannelDialog
        workspaceId={workspaceId}
        open={dialog === 'channel'}
        onClose={() => setDialog(null)}
      />
      <BrowseChannelsDialog
        workspaceId={workspaceId}
        open={dialog === 'browse'}
        onClose={() => setDialog(null)}
      />
      <NewDmDialog
        workspaceId={workspaceId}
        meId={me.id}
        open={dialog === 'dm'}
        onClose={() => setDialog(null)}
      />
      <InviteDialog
        workspaceId={workspaceId}
        open={dialog === 'invite'}
        onClose={() => setDialog(null)}
      />
      <ProfileDialog
        workspaceId={workspaceId}
        channelId={channelId}
        muted={current?.muted ?? false}
        open={dialog === 'profile'}
        onClose={() => setDialog(null)}
      />
      <MembersDialog
        workspaceId={workspaceId}
        channelId={channelId}
        presence={presence}
        open={dialog === 'members'}
        onClose={() => setDialog(null)}
      />
      <PinsDialog
        workspaceId={workspaceId}
        channelId={channelId}
        names={names}
        open={dialog === 'pins'}
        onClose={() => setDialog(null)}
      />
      <SearchDialog
        workspaceId={workspaceId}
        channelNames={Object.fromEntries(
          (sidebar.data ?? []).map((c) => [c.id, channelLabel(c, names)]),
        )}
        open={dialog === 'search'}
        onClose={() => setDialog(null)}
      />
      <QuickSwitcher
        open={dialog === 'switcher'}
        onClose={() => setDialog(null)}
        items={(sidebar.data ?? []).map((c) => ({
          id: c.id,
          label: channelLabel(c, names),
          href: `/w/${workspaceId}/c/${c.id}`,
        }))}
      />
    </div>
  );
}

/** The typing lists without the entries that ran out by `now` (channels left empty dropped). */
function withoutExpiredTyping(
  s: Record<string, { userId: string; until: number }[]>,
  now: number,
): Record<string, { userId: string; until: number }[]> {
  const next: Record<string, { userId: string; until: number }[]> = {};
  for (const [id, list] of Object.entries(s)) {
    const live = list.filter((t) => t.until > now);
    if (live.length > 0) next[id] = live;
  }
  return next;
}
