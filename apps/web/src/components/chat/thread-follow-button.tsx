'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';

/** Follow / unfollow a thread: followers are notified of its replies. */
export function ThreadFollowButton({
  workspaceId,
  rootId,
}: {
  workspaceId: string;
  rootId: string;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const state = useQuery(trpc.threads.followState.queryOptions({ workspaceId, rootId }));
  const follow = useMutation(trpc.threads.follow.mutationOptions());
  const unfollow = useMutation(trpc.threads.unfollow.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  if (!state.data) return null;
  const following = state.data.following;
  const pending = follow.isPending || unfollow.isPending;
  return (
    <button
      type="button"
      data-testid="thread-follow-toggle"
      aria-pressed={following}
      title={
        error ??
        (following
          ? 'You are notified of new replies. Click to stop.'
          : 'Get notified of new replies')
      }
      disabled={pending}
      className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      onClick={() => {
        setError(null);
        (following ? unfollow : follow)
          .mutateAsync({ workspaceId, rootId })
          .then((next) =>
            qc.setQueryData(trpc.threads.followState.queryKey({ workspaceId, rootId }), next),
          )
          .catch((err: unknown) => setError(messageOf(err)));
      }}
    >
      {following ? 'Following' : 'Follow'}
    </button>
  );
}
