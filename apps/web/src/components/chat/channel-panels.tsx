'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import { Dialog } from './dialog';
import { Markdown } from './markdown';

const dot = (status: string | undefined) =>
  status === 'active'
    ? 'bg-emerald-500'
    : status === 'away'
      ? 'bg-amber-400'
      : 'border border-zinc-400';

/** The channel's members with their presence and status. */
export function MembersDialog({
  workspaceId,
  channelId,
  presence,
  open,
  onClose,
}: {
  workspaceId: string;
  channelId: string;
  presence: Record<string, string>;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const members = useQuery(
    trpc.channels.members.queryOptions({ workspaceId, channelId }, { enabled: open }),
  );
  return (
    <Dialog title="Members" open={open} onClose={onClose}>
      <ul className="max-h-96 overflow-y-auto">
        {(members.data ?? []).map((m) => (
          <li key={m.id} className="flex items-center gap-2 py-1.5 text-sm">
            <span
              className={`inline-block h-2.5 w-2.5 rounded-full ${dot(presence[m.id])}`}
              aria-label={presence[m.id] ?? 'offline'}
            />
            <span className="font-medium">{m.displayName}</span>
            {m.statusText ? <span className="text-zinc-500">— {m.statusText}</span> : null}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

/** The channel's pinned messages. */
export function PinsDialog({
  workspaceId,
  channelId,
  names,
  open,
  onClose,
}: {
  workspaceId: string;
  channelId: string;
  names: Record<string, string>;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const pins = useQuery(
    trpc.messages.pins.queryOptions({ workspaceId, channelId }, { enabled: open }),
  );
  return (
    <Dialog title="Pinned messages" open={open} onClose={onClose}>
      {pins.data?.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing is pinned here yet.</p>
      ) : null}
      <ul className="max-h-96 space-y-3 overflow-y-auto">
        {(pins.data ?? []).map((m) => (
          <li key={m.id} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
            <div className="text-xs text-zinc-500">
              {m.author.displayName} · {new Date(m.createdAt).toLocaleString()}
            </div>
            <Markdown body={m.body} names={names} />
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
