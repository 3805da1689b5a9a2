import { z } from 'zod';

/** The Redis variables every app validates the same way (a fragment for each app's env.ts). */
export const redisEnvShape = {
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /**
   * Put before every Redis key and channel Parley uses. Deployments (or test runs) that share one
   * Redis each take their own; every app of one deployment must use the same.
   */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.:-]+$/, 'REDIS_KEY_PREFIX may hold letters, digits and _ . : - only')
    .default('parley:'),
};
