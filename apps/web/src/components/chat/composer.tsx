'use client';

import { useEffect, useMemo, useRef, useState } from 'react';

export interface MentionCandidate {
  id: string;
  displayName: string;
}

/**
 * The message box: Enter sends, Shift+Enter adds a line, the draft is kept per conversation, and
 * typing `@` offers members to mention (inserted as `<@id>`, shown as @Name).
 */
export function Composer({
  draftKey,
  placeholder,
  members,
  onSend,
  onTyping,
  disabled,
  onAttach,
}: {
  draftKey: string;
  placeholder: string;
  members: MentionCandidate[];
  onSend: (body: string) => void;
  onTyping?: () => void;
  disabled?: string | null;
  onAttach?: (file: File) => void;
}) {
  const [value, setValue] = useState('');
  const [mention, setMention] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setValue(localStorage.getItem(`parley:draft:${draftKey}`) ?? '');
  }, [draftKey]);
  useEffect(() => {
    if (value) localStorage.setItem(`parley:draft:${draftKey}`, value);
    else localStorage.removeItem(`parley:draft:${draftKey}`);
  }, [draftKey, value]);

  const matches = useMemo(() => {
    if (!mention) return [];
    const q = mention.query.toLowerCase();
    return members
      .filter((m) => m.displayName.toLowerCase().replace(/\s+/g, '').includes(q))
      .slice(0, 6);
  }, [mention, members]);

  function update(next: string, caret: number) {
    setValue(next);
    const before = next.slice(0, caret);
    const m = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
    setMention(m ? { query: m[2] ?? '', start: caret - (m[2]?.length ?? 0) - 1 } : null);
    setActive(0);
    if (next.trim()) onTyping?.();
  }

  function pick(candidate: MentionCandidate) {
    if (!mention) return;
    const caret = ref.current?.selectionStart ?? value.length;
    const next = `${value.slice(0, mention.start)}<@${candidate.id}> ${value.slice(caret)}`;
    setValue(next);
    setMention(null);
    ref.current?.focus();
  }

  function send() {
    const body = value.trim();
    if (!body) return;
    onSend(body);
    setValue('');
    setMention(null);
  }

  return (
    <div className="relative px-4 pb-4">
      {matches.length > 0 ? (
        <ul
          role="listbox"
          aria-label="Mention someone"
          className="absolute bottom-full left-4 mb-1 w-64 overflow-hidden rounded-md border border-zinc-200 bg-white shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {matches.map((m, i) => (
            <li key={m.id} role="option" aria-selected={i === active}>
              <button
                type="button"
                className={`block w-full px-3 py-1.5 text-left text-sm ${i === active ? 'bg-accent text-white' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
              >
                @{m.displayName}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="rounded-lg border border-zinc-300 focus-within:border-zinc-500 dark:border-zinc-700">
        <label htmlFor={`composer-${draftKey}`} className="sr-only">
          {placeholder}
        </label>
        <textarea
          id={`composer-${draftKey}`}
          ref={ref}
          rows={1}
          value={value}
          disabled={Boolean(disabled)}
          placeholder={disabled ?? placeholder}
          onChange={(e) => update(e.target.value, e.target.selectionStart)}
          onKeyDown={(e) => {
            if (matches.length > 0) {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                setActive(
                  (a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length,
                );
                return;
              }
              if (e.key === 'Enter' || e.key === 'Tab') {
                e.preventDefault();
                pick(matches[active]!);
                return;
              }
              if (e.key === 'Escape') return setMention(null);
            }
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          className="block max-h-48 min-h-[44px] w-full resize-none bg-transparent px-3 py-2.5 text-[15px] outline-none"
        />
        <div className="flex items-center justify-between border-t border-zinc-200 px-2 py-1 text-xs text-zinc-500 dark:border-zinc-800">
          {onAttach ? (
            <label className="mr-2 cursor-pointer rounded px-1.5 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              <span aria-hidden>📎</span> Attach
              <input
                type="file"
                className="sr-only"
                aria-label="Attach a file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) onAttach(file);
                  e.target.value = '';
                }}
              />
            </label>
          ) : null}
          <span className="flex-1">
            <b>Enter</b> to send · <b>Shift+Enter</b> for a new line · <b>@</b> to mention
          </span>
          <button
            type="button"
            onClick={send}
            disabled={!value.trim()}
            className="rounded bg-accent px-3 py-1 font-semibold text-white disabled:opacity-40"
          >
            Send
          </button>
        </div>
      </div>
    </div>
  );
}
