import { createEnv } from '@t3-oss/env-core';
import { storageEnvShape } from '@parley/api/storage';
import { z } from 'zod';

/** The worker's configuration, validated at boot; a bad or missing variable stops it with its name. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url(),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    ...storageEnvShape,
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
