'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';
import { Dialog } from './dialog';
import { NotificationSettings } from './notification-settings';

const input =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950';
const primary =
  'rounded-md bg-accent px-3 py-2 text-sm font-semibold text-white hover:bg-accent-dark disabled:opacity-50';

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="mb-3 text-sm text-red-600">
      {error}
    </p>
  ) : null;
}

/** After creating or joining a conversation: refresh the sidebar, close the dialog, open it. */
function useGoToConversation(workspaceId: string, onClose: () => void) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  return async (channelId: string) => {
    await qc.invalidateQueries(trpc.readState.sidebar.queryFilter());
    onClose();
    router.push(`/w/${workspaceId}/c/${channelId}`);
  };
}

export function NewChannelDialog({
  workspaceId,
  open,
  onClose,
}: {
  workspaceId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const goTo = useGoToConversation(workspaceId, onClose);
  const create = useMutation(trpc.channels.create.mutationOptions());
  const [name, setName] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Create a channel" open={open} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create
            .mutateAsync({ workspaceId, name, kind: isPrivate ? 'private' : 'public' })
            .then((c) => goTo(c.id))
            .catch((err: unknown) => setError(messageOf(err)));
        }}
      >
        <ErrorLine error={error} />
        <label className="block text-sm font-medium">
          Name
          <input
            className={input}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. plan-budget"
            autoFocus
            required
          />
        </label>
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={isPrivate}
            onChange={(e) => setPrivate(e.target.checked)}
          />{' '}
          Make private (only invited people can see it)
        </label>
        <div className="mt-4 flex justify-end">
          <button className={primary} disabled={create.isPending || !name.trim()}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function BrowseChannelsDialog({
  workspaceId,
  open,
  onClose,
}: {
  workspaceId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const goTo = useGoToConversation(workspaceId, onClose);
  const [query, setQuery] = useState('');
  const list = useQuery(
    trpc.channels.browse.queryOptions(
      { workspaceId, query: query || undefined },
      { enabled: open },
    ),
  );
  const join = useMutation(trpc.channels.join.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Browse channels" open={open} onClose={onClose}>
      <ErrorLine error={error} />
      <label className="block text-sm font-medium">
        Search
        <input
          className={input}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoFocus
        />
      </label>
      <ul className="mt-3 max-h-80 divide-y divide-zinc-200 overflow-y-auto dark:divide-zinc-800">
        {(list.data ?? []).map((c) => (
          <li key={c.id} className="flex items-center justify-between py-2">
            <div>
              <div className="font-medium">
                {c.kind === 'private' ? '🔒' : '#'} {c.name}
              </div>
              <div className="text-xs text-zinc-500">
                {c.memberCount} members{c.topic ? ` · ${c.topic}` : ''}
              </div>
            </div>
            {c.isMember ? (
              <button className="text-sm text-accent" onClick={() => void goTo(c.id)}>
                Open
              </button>
            ) : (
              <button
                className={primary}
                onClick={() =>
                  void join
                    .mutateAsync({ workspaceId, channelId: c.id })
                    .then(() => goTo(c.id))
                    .catch((err: unknown) => setError(messageOf(err)))
                }
              >
                Join
              </button>
            )}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export function NewDmDialog({
  workspaceId,
  meId,
  open,
  onClose,
}: {
  workspaceId: string;
  meId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const goTo = useGoToConversation(workspaceId, onClose);
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }, { enabled: open }));
  const openDm = useMutation(trpc.channels.openDm.mutationOptions());
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Start a direct message" open={open} onClose={onClose}>
      <ErrorLine error={error} />
      <ul className="max-h-72 overflow-y-auto">
        {(members.data ?? [])
          .filter((m) => m.id !== meId)
          .map((m) => (
            <li key={m.id}>
              <label className="flex items-center gap-2 py-1 text-sm">
                <input
                  type="checkbox"
                  checked={picked.includes(m.id)}
                  onChange={(e) =>
                    setPicked((p) =>
                      e.target.checked ? [...p, m.id] : p.filter((x) => x !== m.id),
                    )
                  }
                />
                {m.displayName} <span className="text-zinc-500">{m.email}</span>
              </label>
            </li>
          ))}
      </ul>
      <div className="mt-4 flex justify-end">
        <button
          className={primary}
          disabled={picked.length === 0 || openDm.isPending}
          onClick={() =>
            void openDm
              .mutateAsync({ workspaceId, userIds: picked })
              .then((c) => {
                setPicked([]);
                return goTo(c.id);
              })
              .catch((err: unknown) => setError(messageOf(err)))
          }
        >
          Go
        </button>
      </div>
    </Dialog>
  );
}

export function InviteDialog({
  workspaceId,
  open,
  onClose,
}: {
  workspaceId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const create = useMutation(trpc.invites.create.mutationOptions());
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Invite people" open={open} onClose={onClose}>
      <ErrorLine error={error} />
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        Anyone with the link can join as a member for the next 7 days. It is shown only once.
      </p>
      {link ? (
        <label className="block text-sm font-medium">
          Invite link
          <input
            className={input}
            readOnly
            value={link}
            data-testid="invite-link"
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
      ) : (
        <button
          className={primary}
          onClick={() =>
            void create
              .mutateAsync({ workspaceId })
              .then(({ token }) => setLink(`${window.location.origin}/invite/${token}`))
              .catch((err: unknown) => setError(messageOf(err)))
          }
        >
          Create invite link
        </button>
      )}
    </Dialog>
  );
}

export function ProfileDialog({
  workspaceId,
  channelId,
  muted,
  open,
  onClose,
}: {
  workspaceId: string;
  channelId: string;
  muted: boolean;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { enabled: open }));
  const update = useMutation(trpc.auth.updateProfile.mutationOptions());
  const prefs = useMutation(trpc.channels.setPrefs.mutationOptions());
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const dark =
    typeof document !== 'undefined' && document.documentElement.classList.contains('dark');
  return (
    <Dialog title="Profile & preferences" open={open} onClose={onClose}>
      <ErrorLine error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update
            .mutateAsync({ displayName: name || me.data?.displayName, statusText: status || null })
            .then(async () => {
              setSaved(true);
              await qc.invalidateQueries();
            })
            .catch((err: unknown) => setError(messageOf(err)));
        }}
      >
        <label className="block text-sm font-medium">
          Display name
          <input
            className={input}
            defaultValue={me.data?.displayName}
            key={me.data?.displayName}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="mt-3 block text-sm font-medium">
          Status
          <input
            className={input}
            defaultValue={me.data?.statusText ?? ''}
            key={me.data?.statusText}
            onChange={(e) => setStatus(e.target.value)}
            placeholder="In a meeting"
          />
        </label>
        <div className="mt-3 flex items-center gap-3">
          <button className={primary}>Save profile</button>
          {saved ? <span className="text-sm text-emerald-600">Saved</span> : null}
        </div>
      </form>
      <hr className="my-4 border-zinc-200 dark:border-zinc-800" />
      <NotificationSettings open={open} />
      <hr className="my-4 border-zinc-200 dark:border-zinc-800" />
      <div className="space-y-2 text-sm">
        <button
          className="block underline"
          onClick={() => {
            const next = !dark;
            document.documentElement.classList.toggle('dark', next);
            localStorage.setItem('parley:theme', next ? 'dark' : 'light');
            onClose();
          }}
        >
          Switch to {dark ? 'light' : 'dark'} mode
        </button>
        {typeof Notification !== 'undefined' && Notification.permission !== 'granted' ? (
          <button className="block underline" onClick={() => void Notification.requestPermission()}>
            Enable desktop notifications for mentions and DMs
          </button>
        ) : null}
        <button
          className="block underline"
          onClick={() =>
            void prefs
              .mutateAsync({ workspaceId, channelId, muted: !muted })
              .then(() => qc.invalidateQueries(trpc.readState.sidebar.queryFilter()))
              .then(onClose)
              .catch((err: unknown) => setError(messageOf(err)))
          }
        >
          {muted ? 'Unmute' : 'Mute'} this conversation
        </button>
      </div>
    </Dialog>
  );
}
