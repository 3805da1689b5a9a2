'use client';

import type { SidebarChannelDto, WorkspaceDto } from '@parley/contracts';
import Link from 'next/link';
import { signOut } from 'next-auth/react';

export function channelLabel(
  c: Pick<SidebarChannelDto, 'kind' | 'name' | 'dmUserIds'>,
  names: Record<string, string>,
): string {
  if (c.kind === 'dm' || c.kind === 'group_dm') {
    const others = (c.dmUserIds ?? []).map((id) => names[id] ?? 'someone');
    return others.length ? others.join(', ') : 'Just you';
  }
  return c.name ?? 'channel';
}

export function Sidebar({
  workspace,
  workspaces,
  channels,
  activeId,
  names,
  presence,
  onNewChannel,
  onBrowse,
  onNewDm,
  onInvite,
  onProfile,
  onClose,
}: {
  workspace: WorkspaceDto | undefined;
  workspaces: WorkspaceDto[];
  channels: SidebarChannelDto[];
  activeId: string;
  names: Record<string, string>;
  presence: Record<string, string>;
  onNewChannel: () => void;
  onBrowse: () => void;
  onNewDm: () => void;
  onInvite: () => void;
  onProfile: () => void;
  onClose?: () => void;
}) {
  const rooms = channels.filter((c) => c.kind === 'public' || c.kind === 'private');
  const dms = channels.filter((c) => c.kind === 'dm' || c.kind === 'group_dm');
  const item = (c: SidebarChannelDto) => {
    const unread = c.unreadCount > 0 && !c.muted && c.id !== activeId;
    const dmOther = c.kind === 'dm' ? c.dmUserIds?.[0] : undefined;
    return (
      <li key={c.id}>
        <Link
          href={`/w/${c.workspaceId}/c/${c.id}`}
          onClick={onClose}
          aria-current={c.id === activeId ? 'page' : undefined}
          data-testid={`sidebar-${c.name ?? c.id}`}
          data-unread={unread ? 'true' : 'false'}
          className={`flex items-center gap-2 rounded-md px-2 py-1 text-[15px] ${c.id === activeId ? 'bg-accent text-white' : 'text-indigo-100 hover:bg-white/10'} ${unread ? 'font-bold text-white' : ''} ${c.muted ? 'opacity-60' : ''}`}
        >
          <span aria-hidden className="w-4 text-center">
            {c.kind === 'public' ? (
              '#'
            ) : c.kind === 'private' ? (
              '🔒'
            ) : (
              <span
                className={`inline-block h-2 w-2 rounded-full ${dmOther && presence[dmOther] === 'active' ? 'bg-emerald-400' : dmOther && presence[dmOther] === 'away' ? 'bg-amber-400' : 'border border-indigo-200'}`}
              />
            )}
          </span>
          <span className="min-w-0 flex-1 truncate">{channelLabel(c, names)}</span>
          {c.mentionCount > 0 && c.id !== activeId ? (
            <span
              className="rounded-full bg-red-600 px-1.5 text-xs font-bold text-white"
              data-testid="mention-badge"
              aria-label={`${c.mentionCount} mentions`}
            >
              {c.mentionCount}
            </span>
          ) : null}
        </Link>
      </li>
    );
  };

  return (
    <nav
      aria-label="Workspace"
      className="flex h-full w-64 shrink-0 flex-col bg-indigo-950 text-indigo-100"
    >
      <div className="border-b border-white/10 p-3">
        <label className="sr-only" htmlFor="workspace-switcher">
          Switch workspace
        </label>
        <select
          id="workspace-switcher"
          className="w-full rounded bg-transparent font-semibold text-white"
          value={workspace?.id}
          onChange={(e) => {
            window.location.href =
              e.target.value === 'new' ? '/new-workspace' : `/w/${e.target.value}`;
          }}
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id} className="text-black">
              {w.name}
            </option>
          ))}
          <option value="new" className="text-black">
            + Create a workspace
          </option>
        </select>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        <div className="mb-1 mt-2 flex items-center justify-between px-2 text-xs font-semibold uppercase tracking-wide text-indigo-300">
          Channels
          <span className="flex gap-1">
            <button
              onClick={onBrowse}
              className="rounded px-1 hover:bg-white/10"
              aria-label="Browse channels"
            >
              ⌕
            </button>
            <button
              onClick={onNewChannel}
              className="rounded px-1 hover:bg-white/10"
              aria-label="Create a channel"
            >
              +
            </button>
          </span>
        </div>
        <ul>{rooms.map(item)}</ul>
        <div className="mb-1 mt-4 flex items-center justify-between px-2 text-xs font-semibold uppercase tracking-wide text-indigo-300">
          Direct messages
          <button
            onClick={onNewDm}
            className="rounded px-1 hover:bg-white/10"
            aria-label="Start a direct message"
          >
            +
          </button>
        </div>
        <ul>{dms.map(item)}</ul>
      </div>
      <div className="space-y-1 border-t border-white/10 p-2 text-sm">
        {workspace && (workspace.role === 'owner' || workspace.role === 'admin') ? (
          <button
            onClick={onInvite}
            className="block w-full rounded px-2 py-1 text-left hover:bg-white/10"
          >
            Invite people
          </button>
        ) : null}
        <button
          onClick={onProfile}
          className="block w-full rounded px-2 py-1 text-left hover:bg-white/10"
        >
          Profile & preferences
        </button>
        <button
          onClick={() => void signOut({ callbackUrl: '/sign-in' })}
          className="block w-full rounded px-2 py-1 text-left hover:bg-white/10"
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}
