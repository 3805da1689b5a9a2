'use client';

import { useState } from 'react';
import type { DisplayMessage } from '@/lib/group-messages';
import { Attachment } from './attachment';
import { Markdown } from './markdown';

const QUICK_REACTIONS = ['👍', '🎉', '❤️', '😂', '👀'];

export interface MessageActions {
  react: (message: DisplayMessage, emoji: string, add: boolean) => void;
  edit: (message: DisplayMessage, body: string) => void;
  remove: (message: DisplayMessage) => void;
  pin: (message: DisplayMessage, pin: boolean) => void;
  openThread?: (message: DisplayMessage) => void;
  retry: (message: DisplayMessage) => void;
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .map((p) => p[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

export function MessageItem({
  message,
  showHeader,
  meId,
  names,
  actions,
}: {
  message: DisplayMessage;
  showHeader: boolean;
  meId: string;
  names: Record<string, string>;
  actions: MessageActions;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const mine = message.author.id === meId;
  const time = new Date(message.createdAt).toLocaleTimeString(undefined, {
    hour: 'numeric',
    minute: '2-digit',
  });
  const deleted = message.deletedAt !== null;

  return (
    <div
      className={`group relative flex gap-3 px-5 py-0.5 hover:bg-zinc-50 dark:hover:bg-zinc-900/60 ${showHeader ? 'mt-2 pt-1' : ''} ${message.pending ? 'opacity-60' : ''}`}
      data-testid="message"
      data-seq={message.seq}
    >
      <div className="w-9 shrink-0">
        {showHeader ? (
          <div
            className="flex h-9 w-9 items-center justify-center rounded-md bg-indigo-100 text-sm font-semibold text-indigo-700 dark:bg-indigo-900 dark:text-indigo-200"
            aria-hidden
          >
            {initials(message.author.displayName)}
          </div>
        ) : (
          <span className="hidden pt-1 text-[10px] text-zinc-400 group-hover:block">{time}</span>
        )}
      </div>
      <div className="min-w-0 flex-1">
        {showHeader ? (
          <div className="flex items-baseline gap-2">
            <span className="font-semibold">{message.author.displayName}</span>
            {message.author.kind === 'bot' ? (
              <span className="rounded bg-zinc-200 px-1 text-[10px] uppercase dark:bg-zinc-700">
                bot
              </span>
            ) : null}
            <time className="text-xs text-zinc-500" dateTime={message.createdAt}>
              {time}
            </time>
            {message.pinned ? <span className="text-xs text-amber-600">📌 pinned</span> : null}
          </div>
        ) : null}
        {deleted ? (
          <p className="text-sm italic text-zinc-500">This message was deleted.</p>
        ) : editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (draft.trim()) actions.edit(message, draft);
              setEditing(false);
            }}
          >
            <label className="sr-only" htmlFor={`edit-${message.id}`}>
              Edit message
            </label>
            <textarea
              id={`edit-${message.id}`}
              className="w-full rounded border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              value={draft}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setEditing(false);
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
            />
            <div className="flex gap-2 text-xs">
              <button type="submit" className="rounded bg-accent px-2 py-1 text-white">
                Save
              </button>
              <button type="button" onClick={() => setEditing(false)} className="px-2 py-1">
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <>
            <Markdown body={message.body} names={names} />
            {message.editedAt ? <span className="text-xs text-zinc-400">(edited)</span> : null}
          </>
        )}
        {!deleted && message.attachments.length > 0 ? (
          <div className="flex flex-wrap gap-2">
            {message.attachments.map((f) => (
              <Attachment key={f.id} workspaceId={message.workspaceId} file={f} />
            ))}
          </div>
        ) : null}
        {message.pending === 'sending' ? <p className="text-xs text-zinc-500">Sending…</p> : null}
        {message.pending === 'failed' ? (
          <p className="text-xs text-red-600" role="alert">
            Not sent.{' '}
            <button className="font-semibold underline" onClick={() => actions.retry(message)}>
              Retry
            </button>
          </p>
        ) : null}
        {message.reactions.length > 0 && !deleted ? (
          <div className="mt-1 flex flex-wrap gap-1">
            {message.reactions.map((r) => {
              const mineReacted = r.userIds.includes(meId);
              return (
                <button
                  key={r.emoji}
                  onClick={() => actions.react(message, r.emoji, !mineReacted)}
                  aria-pressed={mineReacted}
                  aria-label={`${r.emoji} ${r.count} ${mineReacted ? '(remove yours)' : '(add yours)'}`}
                  className={`rounded-full border px-2 text-xs ${mineReacted ? 'border-accent bg-indigo-50 dark:bg-indigo-950' : 'border-zinc-300 dark:border-zinc-700'}`}
                >
                  {r.emoji} {r.count}
                </button>
              );
            })}
          </div>
        ) : null}
        {message.replyCount > 0 && actions.openThread ? (
          <button
            className="mt-1 text-xs font-semibold text-accent hover:underline"
            onClick={() => actions.openThread?.(message)}
          >
            {message.replyCount} {message.replyCount === 1 ? 'reply' : 'replies'}
          </button>
        ) : null}
      </div>
      {!deleted && !message.pending ? (
        <div className="absolute -top-3 right-4 hidden gap-0.5 rounded-md border border-zinc-200 bg-white p-0.5 shadow-sm group-focus-within:flex group-hover:flex dark:border-zinc-700 dark:bg-zinc-900">
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              className="rounded px-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              aria-label={`React with ${emoji}`}
              onClick={() => actions.react(message, emoji, true)}
            >
              {emoji}
            </button>
          ))}
          {actions.openThread ? (
            <button
              className="rounded px-1.5 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
              onClick={() => actions.openThread?.(message)}
            >
              Reply
            </button>
          ) : null}
          <button
            className="rounded px-1.5 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
            onClick={() => actions.pin(message, !message.pinned)}
          >
            {message.pinned ? 'Unpin' : 'Pin'}
          </button>
          {mine ? (
            <>
              <button
                className="rounded px-1.5 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onClick={() => {
                  setDraft(message.body);
                  setEditing(true);
                }}
              >
                Edit
              </button>
              <button
                className="rounded px-1.5 text-xs text-red-600 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onClick={() => {
                  if (window.confirm('Delete this message? This cannot be undone.'))
                    actions.remove(message);
                }}
              >
                Delete
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
