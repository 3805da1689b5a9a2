import { createEnv } from '@t3-oss/env-core';
import { redisEnvShape } from '@parley/api/relay/redis-env';
import { searchEnvShape } from '@parley/api/search';
import { storageEnvShape } from '@parley/api/storage';
import { z } from 'zod';

/** The worker's configuration, validated at boot; a bad or missing variable stops it with its name. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url(),
    ...redisEnvShape,
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    ...storageEnvShape,
    ...searchEnvShape,
    /** smtp(s)://user:pass@host:port — email digests to offline users; unset: email is off. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    EMAIL_FROM: z.string().min(3).default('Parley <notifications@localhost>'),
    EMAIL_DIGEST_DELAY_MINUTES: z.coerce.number().min(0).max(1440).default(10),
    EMAIL_DIGEST_EVERY_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
    /** Web Push (VAPID, from `npx web-push generate-vapid-keys`); all three or none. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'a base64url P-256 public key')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'a base64url P-256 private key')
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)/, 'a mailto: or https: URL identifying the sender')
      .optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});

const vapid = [env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT];
if (vapid.some(Boolean) && !vapid.every(Boolean)) {
  throw new Error(
    'Invalid environment variables: set all of VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT, or none (Web Push off)',
  );
}
