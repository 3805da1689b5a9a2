import { Suspense } from 'react';
import { AuthCard } from '@/components/auth/auth-card';
import { env } from '@/env';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

export default function SignInPage() {
  const sso = env.OIDC_ISSUER ? env.OIDC_NAME : null;
  return (
    <AuthCard title="Sign in" subtitle="Welcome back to your workspace.">
      <Suspense>
        <SignInForm ssoName={sso} />
      </Suspense>
    </AuthCard>
  );
}
