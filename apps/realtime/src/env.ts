import { createEnv } from '@t3-oss/env-core';
import { redisEnvShape } from '@parley/api/relay/redis-env';
import { z } from 'zod';

/** The realtime node's configuration, validated at boot; a bad or missing variable stops it with its name. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().positive().default(3001),
    DATABASE_URL: z.url(),
    ...redisEnvShape,
    REALTIME_TICKET_SECRET: z
      .string()
      .min(16, 'REALTIME_TICKET_SECRET must be at least 16 characters'),
    /** Comma-separated browser origins allowed to connect (CORS). */
    REALTIME_CORS_ORIGINS: z.string().default('http://localhost:3000'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
