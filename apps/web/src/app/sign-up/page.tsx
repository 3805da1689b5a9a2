import { Suspense } from 'react';
import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from './sign-up-form';

export default function SignUpPage() {
  return (
    <AuthCard title="Create your account" subtitle="It takes a few seconds.">
      <Suspense>
        <SignUpForm />
      </Suspense>
    </AuthCard>
  );
}
