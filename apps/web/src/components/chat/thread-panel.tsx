'use client';

import type { MemberDto, MessageDto } from '@parley/contracts';
import { useEffect, useState } from 'react';
import { messageOf } from '@/lib/error-message';
import { visibleMessages, type ChannelMessages } from '@/lib/message-store';
import { useTRPCClient } from '@/trpc/client';
import { Composer } from './composer';
import { MessageItem, type MessageActions } from './message-item';
import { ThreadFollowButton } from './thread-follow-button';

/** A thread beside the channel: the root message, its replies in order, and a reply box. */
export function ThreadPanel({
  workspaceId,
  channelId,
  rootId,
  store,
  dispatchPage,
  meId,
  names,
  actions,
  members,
  onSend,
  onClose,
}: {
  workspaceId: string;
  channelId: string;
  rootId: string;
  store: ChannelMessages;
  dispatchPage: (messages: MessageDto[]) => void;
  meId: string;
  names: Record<string, string>;
  actions: MessageActions;
  members: MemberDto[];
  onSend: (body: string) => void;
  onClose: () => void;
}) {
  const client = useTRPCClient();
  const [error, setError] = useState<string | null>(null);
  // Every reply, a page at a time in seq order (replies arriving live meanwhile are kept).
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      let after: number | undefined;
      for (;;) {
        const page = await client.messages.thread.query({ workspaceId, rootId, after });
        if (cancelled) return;
        dispatchPage(after === undefined ? [page.root, ...page.replies] : page.replies);
        const last = page.replies.at(-1);
        if (!page.hasMore || !last) return;
        after = last.seq;
      }
    })().catch((err: unknown) => {
      if (!cancelled) setError(messageOf(err));
    });
    return () => {
      cancelled = true;
    };
  }, [client, workspaceId, rootId]);

  const root = store.byId[rootId];
  const replies = visibleMessages(store, rootId);
  return (
    <aside
      aria-label="Thread"
      className="fixed inset-0 z-20 flex flex-col border-l border-zinc-200 bg-white md:static md:w-96 dark:border-zinc-800 dark:bg-zinc-950"
      data-testid="thread-panel"
    >
      <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="font-bold">Thread</h2>
        <div className="flex items-center gap-3">
          <ThreadFollowButton workspaceId={workspaceId} rootId={rootId} />
          <button onClick={onClose} aria-label="Close thread" className="text-xl">
            ×
          </button>
        </div>
      </header>
      <div className="flex-1 overflow-y-auto py-2">
        {error ? (
          <p role="alert" className="px-4 text-sm text-red-600">
            {error}
          </p>
        ) : null}
        {root ? (
          <MessageItem message={root} showHeader meId={meId} names={names} actions={actions} />
        ) : null}
        <div className="my-2 px-5 text-xs text-zinc-500">
          {root ? `${root.replyCount} ${root.replyCount === 1 ? 'reply' : 'replies'}` : ''}
        </div>
        {replies.map((m, i) => (
          <MessageItem
            key={m.clientMsgId ?? m.id}
            message={m}
            showHeader={i === 0 || replies[i - 1]?.author.id !== m.author.id}
            meId={meId}
            names={names}
            actions={actions}
          />
        ))}
      </div>
      <Composer
        draftKey={`${channelId}:${rootId}`}
        placeholder="Reply…"
        members={members}
        onSend={onSend}
      />
    </aside>
  );
}
