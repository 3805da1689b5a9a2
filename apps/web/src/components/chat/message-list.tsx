'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { groupMessages, type DisplayMessage } from '@/lib/group-messages';
import { MessageItem, type MessageActions } from './message-item';

/**
 * The channel's history, virtualized so thousands of messages stay smooth. Scrolling near the top
 * loads older pages (keeping the view anchored); new messages keep it pinned to the bottom.
 */
export function MessageList({
  messages,
  lastReadSeq,
  meId,
  names,
  actions,
  hasMoreBefore,
  loadOlder,
  onBottomVisible,
}: {
  messages: DisplayMessage[];
  lastReadSeq: number | undefined;
  meId: string;
  names: Record<string, string>;
  actions: MessageActions;
  hasMoreBefore: boolean;
  loadOlder: () => Promise<void>;
  onBottomVisible: () => void;
}) {
  const rows = useMemo(
    () => groupMessages(messages, { lastReadSeq, meId }),
    [messages, lastReadSeq, meId],
  );
  const parentRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const loading = useRef(false);
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  const [showJump, setShowJump] = useState(false);
  const newIndex = rows.findIndex((r) => r.kind === 'new');
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: (i) =>
      rows[i]?.kind === 'message'
        ? rows[i].kind === 'message' && rows[i].showHeader
          ? 64
          : 28
        : 36,
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 12,
  });

  // Keep the newest message in view while the user is at the bottom.
  useLayoutEffect(() => {
    if (rows.length === 0) return;
    if (anchor.current) {
      const index = rows.findIndex((r) => r.key === anchor.current?.key);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'start' });
      anchor.current = null;
      return;
    }
    if (atBottom.current) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows, virtualizer]);

  useEffect(() => {
    if (atBottom.current) onBottomVisible();
  }, [messages, onBottomVisible]);

  // What arrived while the tab was hidden is read once it is back with the newest in view.
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && atBottom.current) onBottomVisible();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [onBottomVisible]);

  function onScroll() {
    const el = parentRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (atBottom.current) onBottomVisible();
    const firstVisible = virtualizer.getVirtualItems()[0]?.index ?? 0;
    setShowJump(newIndex >= 0 && firstVisible > newIndex);
    if (el.scrollTop < 200 && hasMoreBefore && !loading.current) {
      loading.current = true;
      const first = rows.find((r) => r.kind === 'message');
      anchor.current = first ? { key: first.key, offset: 0 } : null;
      void loadOlder().finally(() => {
        loading.current = false;
      });
    }
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {showJump ? (
        <button
          className="absolute left-1/2 top-2 z-10 -translate-x-1/2 rounded-full bg-accent px-3 py-1 text-xs font-semibold text-white shadow"
          onClick={() => {
            virtualizer.scrollToIndex(newIndex, { align: 'start' });
            setShowJump(false);
          }}
        >
          Jump to first unread ↑
        </button>
      ) : null}
      <div
        ref={parentRef}
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-y-auto"
        role="log"
        aria-label="Messages"
        aria-live="polite"
      >
        {hasMoreBefore ? null : (
          <p className="px-5 pb-2 pt-6 text-sm text-zinc-500">
            This is the very beginning of the conversation.
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute left-0 top-0 w-full"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'date' ? (
                  <div
                    className="my-2 flex items-center gap-3 px-5 text-xs font-semibold text-zinc-500"
                    role="separator"
                  >
                    <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
                    {row.label}
                    <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
                  </div>
                ) : row.kind === 'new' ? (
                  <div
                    className="my-1 flex items-center gap-3 px-5 text-xs font-semibold text-red-600"
                    data-testid="new-messages-line"
                  >
                    <span className="h-px flex-1 bg-red-400" />
                    New messages
                  </div>
                ) : (
                  <MessageItem
                    message={row.message}
                    showHeader={row.showHeader}
                    meId={meId}
                    names={names}
                    actions={actions}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
