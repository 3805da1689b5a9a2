'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Field, FormError, SubmitButton } from '@/components/auth/auth-card';

export function SignInForm({ ssoName }: { ssoName: string | null }) {
  const router = useRouter();
  const params = useSearchParams();
  const next = params.get('next') ?? '/';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const result = await signIn('credentials', {
      email: form.get('email'),
      password: form.get('password'),
      redirect: false,
    });
    setBusy(false);
    if (!result || result.error)
      return setError('That email and password do not match an account.');
    router.push(next);
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormError message={error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <SubmitButton busy={busy}>Sign in</SubmitButton>
      {ssoName ? (
        <button
          type="button"
          onClick={() => void signIn('oidc', { callbackUrl: next })}
          className="mt-3 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Continue with {ssoName}
        </button>
      ) : null}
      <p className="mt-4 text-center text-sm text-zinc-500">
        New here?{' '}
        <Link
          className="font-medium text-accent"
          href={`/sign-up?next=${encodeURIComponent(next)}`}
        >
          Create an account
        </Link>
      </p>
    </form>
  );
}
