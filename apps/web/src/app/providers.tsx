'use client';

import { SessionProvider } from 'next-auth/react';
import type { ReactNode } from 'react';
import { TrpcReactProvider } from '@/trpc/client';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <TrpcReactProvider>{children}</TrpcReactProvider>
    </SessionProvider>
  );
}
