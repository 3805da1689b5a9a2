'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useSession } from 'next-auth/react';
import { useState } from 'react';
import { FormError } from '@/components/auth/auth-card';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';

export function InviteAccept({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { status } = useSession();
  const preview = useQuery(trpc.invites.preview.queryOptions({ token }, { retry: false }));
  const accept = useMutation(trpc.invites.accept.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const here = `/invite/${token}`;

  if (preview.isLoading) return <p className="text-sm text-zinc-500">Checking your invite…</p>;
  if (preview.error)
    return <FormError message="This invite link is not valid. Ask for a new one." />;
  if (!preview.data?.usable)
    return <FormError message="This invite link has expired or been used up. Ask for a new one." />;

  return (
    <div>
      <p className="mb-6 text-sm">
        You have been invited to join <strong>{preview.data.workspaceName}</strong>.
      </p>
      <FormError message={error} />
      {status === 'authenticated' ? (
        <button
          className="w-full rounded-md bg-accent px-3 py-2 text-sm font-semibold text-white hover:bg-accent-dark"
          disabled={accept.isPending}
          onClick={() =>
            void accept
              .mutateAsync({ token })
              .then((ws) => router.push(`/w/${ws.id}`))
              .catch((err: unknown) => setError(messageOf(err)))
          }
        >
          Join {preview.data.workspaceName}
        </button>
      ) : (
        <div className="flex flex-col gap-2">
          <Link
            className="rounded-md bg-accent px-3 py-2 text-center text-sm font-semibold text-white"
            href={`/sign-up?next=${encodeURIComponent(here)}`}
          >
            Create an account to join
          </Link>
          <Link
            className="rounded-md border border-zinc-300 px-3 py-2 text-center text-sm dark:border-zinc-700"
            href={`/sign-in?next=${encodeURIComponent(here)}`}
          >
            I already have an account
          </Link>
        </div>
      )}
    </div>
  );
}
