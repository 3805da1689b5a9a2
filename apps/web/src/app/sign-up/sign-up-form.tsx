'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Field, FormError, SubmitButton } from '@/components/auth/auth-card';
import { messageOf } from '@/lib/error-message';
import { useTRPC } from '@/trpc/client';

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const next = useSearchParams().get('next') ?? '/';
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = new FormData(e.currentTarget);
    const email = (form.get('email') as string | null) ?? '';
    const password = (form.get('password') as string | null) ?? '';
    try {
      await signUp.mutateAsync({
        email,
        password,
        displayName: (form.get('displayName') as string | null) ?? '',
      });
    } catch (err) {
      return setError(messageOf(err));
    }
    const result = await signIn('credentials', { email, password, redirect: false });
    if (!result || result.error)
      return setError('Your account was created, but signing in failed. Try signing in.');
    router.push(next);
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormError message={error} />
      <Field label="Full name" name="displayName" autoComplete="name" required autoFocus />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
      />
      <SubmitButton busy={signUp.isPending}>Create account</SubmitButton>
      <p className="mt-4 text-center text-sm text-zinc-500">
        Already have an account?{' '}
        <Link
          className="font-medium text-accent"
          href={`/sign-in?next=${encodeURIComponent(next)}`}
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
