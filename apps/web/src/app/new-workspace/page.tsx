'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { AuthCard, Field, FormError, SubmitButton } from '@/components/auth/auth-card';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

export default function NewWorkspacePage() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.workspaces.create.mutationOptions());
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const ws = await create.mutateAsync({ name, slug: slug || slugify(name) });
      router.push(`/w/${ws.id}`);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <AuthCard title="Create a workspace" subtitle="A home for your team's conversations.">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError message={error} />
        <Field
          label="Workspace name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          autoFocus
        />
        <Field
          label="Workspace URL"
          value={slug || slugify(name)}
          onChange={(e) => setSlug(e.target.value)}
          required
        />
        <SubmitButton busy={create.isPending}>Create workspace</SubmitButton>
      </form>
    </AuthCard>
  );
}
