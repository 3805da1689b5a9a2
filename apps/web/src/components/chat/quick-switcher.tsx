'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Dialog } from './dialog';

/** Ctrl/Cmd+K: type part of a name, arrow to it, Enter to go. */
export function QuickSwitcher({
  open,
  onClose,
  items,
}: {
  open: boolean;
  onClose: () => void;
  items: { id: string; label: string; href: string }[];
}) {
  const router = useRouter();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = items
    .filter((i) => i.label.toLowerCase().includes(query.toLowerCase()))
    .slice(0, 8);
  const go = (href: string) => {
    onClose();
    setQuery('');
    router.push(href);
  };
  return (
    <Dialog title="Jump to a conversation" open={open} onClose={onClose}>
      <label className="sr-only" htmlFor="quick-switcher">
        Conversation name
      </label>
      <input
        id="quick-switcher"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
          if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          if (e.key === 'Enter' && matches[active]) go(matches[active].href);
        }}
        className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
        placeholder="Type a channel or person"
      />
      <ul className="mt-2" role="listbox">
        {matches.map((m, i) => (
          <li key={m.id} role="option" aria-selected={i === active}>
            <button
              className={`block w-full rounded px-3 py-1.5 text-left text-sm ${i === active ? 'bg-accent text-white' : ''}`}
              onClick={() => go(m.href)}
            >
              {m.label}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
