import { createEnv } from '@t3-oss/env-nextjs';
import { redisEnvShape } from '@parley/api/relay/redis-env';
import { searchEnvShape } from '@parley/api/search';
import { storageEnvShape } from '@parley/api/storage';
import { z } from 'zod';

/** The web app's configuration, validated at boot; a bad or missing variable stops it with its name. */
export const env = createEnv({
  server: {
    DATABASE_URL: z.url(),
    ...redisEnvShape,
    AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters'),
    NEXTAUTH_URL: z.url().optional(),
    REALTIME_TICKET_SECRET: z
      .string()
      .min(16, 'REALTIME_TICKET_SECRET must be at least 16 characters'),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().default('SSO'),
    /** Where browsers reach the realtime server (read at request time, so one build serves any deployment). */
    REALTIME_PUBLIC_URL: z.url().optional(),
    ...storageEnvShape,
    ...searchEnvShape,
    /** Web Push: the VAPID public key browsers subscribe with (the worker holds the private key); unset: push is off. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'VAPID_PUBLIC_KEY must be a base64url P-256 public key')
      .optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  },
  client: {
    NEXT_PUBLIC_REALTIME_URL: z.url().optional(),
  },
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX,
    AUTH_SECRET: process.env.AUTH_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL,
    REALTIME_TICKET_SECRET: process.env.REALTIME_TICKET_SECRET,
    OIDC_ISSUER: process.env.OIDC_ISSUER,
    OIDC_CLIENT_ID: process.env.OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: process.env.OIDC_CLIENT_SECRET,
    OIDC_NAME: process.env.OIDC_NAME,
    REALTIME_PUBLIC_URL: process.env.REALTIME_PUBLIC_URL,
    LOG_LEVEL: process.env.LOG_LEVEL,
    VAPID_PUBLIC_KEY: process.env.VAPID_PUBLIC_KEY,
    SEARCH_ENGINE: process.env.SEARCH_ENGINE,
    MEILI_URL: process.env.MEILI_URL,
    MEILI_API_KEY: process.env.MEILI_API_KEY,
    MEILI_INDEX: process.env.MEILI_INDEX,
    STORAGE_DRIVER: process.env.STORAGE_DRIVER,
    STORAGE_DIR: process.env.STORAGE_DIR,
    STORAGE_SIGNING_SECRET: process.env.STORAGE_SIGNING_SECRET,
    S3_ENDPOINT: process.env.S3_ENDPOINT,
    S3_PUBLIC_ENDPOINT: process.env.S3_PUBLIC_ENDPOINT,
    S3_REGION: process.env.S3_REGION,
    S3_BUCKET: process.env.S3_BUCKET,
    S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY,
    NEXT_PUBLIC_REALTIME_URL: process.env.NEXT_PUBLIC_REALTIME_URL,
  },
  // `next build` runs without the deployment's secrets; they are checked when the server starts.
  skipValidation:
    process.env.SKIP_ENV_VALIDATION === '1' ||
    process.env.npm_lifecycle_event === 'build' ||
    process.argv.includes('build'),
  emptyStringAsUndefined: true,
});
