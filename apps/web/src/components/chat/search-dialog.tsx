'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';
import { Dialog } from './dialog';

/** Renders a snippet whose matches are wrapped in [[ ]] as text with <mark>s — never as HTML. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/(\[\[.*?\]\])/g);
  return (
    <p className="text-sm">
      {parts.map((part, i) =>
        part.startsWith('[[') && part.endsWith(']]') ? (
          <mark key={i} className="rounded bg-amber-200 px-0.5 dark:bg-amber-700">
            {part.slice(2, -2)}
          </mark>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </p>
  );
}

export function SearchDialog({
  workspaceId,
  channelNames,
  open,
  onClose,
}: {
  workspaceId: string;
  channelNames: Record<string, string>;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const results = useQuery(
    trpc.search.messages.queryOptions(
      { workspaceId, query },
      { enabled: open && query.length > 0, retry: false },
    ),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery(draft.trim());
  };
  return (
    <Dialog title="Search messages" open={open} onClose={onClose}>
      <form onSubmit={submit}>
        <label className="sr-only" htmlFor="search-query">
          Search
        </label>
        <input
          id="search-query"
          autoFocus
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder='deploy "release notes" -staging in:#eng from:@ada after:2026-01-01'
          className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
      </form>
      {results.error ? (
        <p role="alert" className="mt-3 text-sm text-red-600">
          {messageOf(results.error)}
        </p>
      ) : null}
      {results.data?.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-500">No messages match.</p>
      ) : null}
      <ul className="mt-3 max-h-96 space-y-2 overflow-y-auto">
        {(results.data ?? []).map(({ message, snippet }) => (
          <li key={message.id}>
            <button
              className="block w-full rounded-md border border-zinc-200 p-2 text-left hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800"
              onClick={() => {
                onClose();
                router.push(`/w/${workspaceId}/c/${message.channelId}`);
              }}
            >
              <div className="text-xs text-zinc-500">
                {message.author.displayName} in{' '}
                {channelNames[message.channelId] ?? 'a conversation'} ·{' '}
                {new Date(message.createdAt).toLocaleString()}
              </div>
              <Snippet text={snippet} />
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
