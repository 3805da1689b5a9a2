import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@parley/api', '@parley/contracts', '@parley/db'],
  serverExternalPackages: [
    'argon2',
    'pg',
    '@prisma/adapter-pg',
    '@prisma/client',
    'pino',
    'ioredis',
    'jose',
  ],
  typescript: { ignoreBuildErrors: false },
  headers() {
    return Promise.resolve([
      {
        source: '/(.*)',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ]);
  },
};

export default config;
