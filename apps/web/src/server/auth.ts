import { isDomainError } from '@parley/api';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '@/env';
import { getServices, getSignInLimiter } from './services';

const providers: NextAuthOptions['providers'] = [
  CredentialsProvider({
    name: 'Email',
    credentials: {
      email: { label: 'Email', type: 'email' },
      password: { label: 'Password', type: 'password' },
    },
    async authorize(credentials, req) {
      const headers = (req.headers ?? {}) as Record<string, string | undefined>;
      const ip = headers['x-forwarded-for']?.split(',')[0]?.trim() ?? 'unknown';
      const email = String(credentials?.email ?? '').toLowerCase();
      const limiter = getSignInLimiter();
      const [byIp, byEmail] = await Promise.all([
        limiter.take(`ip:${ip}`),
        limiter.take(`email:${email}`),
      ]);
      if (!byIp || !byEmail) throw new Error('TooManyAttempts');
      try {
        const user = await getServices().auth.verifyCredentials({
          email: credentials?.email,
          password: credentials?.password,
        });
        return { id: user.id, email: user.email, name: user.displayName };
      } catch (error) {
        if (isDomainError(error)) return null;
        throw error;
      }
    },
  }),
];

// SSO: an OpenID Connect provider, enabled only when configured.
if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
  providers.push({
    id: 'oidc',
    name: env.OIDC_NAME,
    type: 'oauth',
    wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'],
    profile(profile: { sub: string; email: string; name?: string }) {
      return { id: profile.sub, email: profile.email, name: profile.name ?? profile.email };
    },
  });
}

export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  pages: { signIn: '/sign-in' },
  providers,
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== 'oidc') return true;
      // SSO users are matched (or created) by email; the JWT then carries our user id.
      const id = await getServices().auth.findOrCreateSsoUser({
        email: user.email ?? '',
        displayName: user.name ?? user.email ?? 'User',
      });
      user.id = id;
      return true;
    },
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === 'string')
        (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};

export async function getUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return (session?.user as { id?: string } | undefined)?.id ?? null;
}
