import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '@parley/api';
import { removeRedisKeys } from '@parley/api/testing';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { redisConnectionOptions, type QueueOptions } from '@parley/api/jobs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface QueueTestEnv {
  redisUrl: string;
  /** BullMQ key prefix of this test file (random). */
  prefix: string;
  queueOptions: QueueOptions;
  database: TestDatabase;
  /** The real services on this file's database (no events port: nothing relays). */
  services: Services;
}

/**
 * For a test file that drives queues itself, without the worker harness: a fresh database, the
 * services on it and a random BullMQ prefix, all removed after the file (every key under the prefix).
 */
export function useQueueTestEnv(): QueueTestEnv {
  const prefix = `test:${randomUUID()}:bull`;
  const env = {
    redisUrl: REDIS_URL,
    prefix,
    queueOptions: { connection: redisConnectionOptions(REDIS_URL), prefix },
  } as QueueTestEnv;
  beforeAll(async () => {
    env.database = await createTestDatabase();
    env.services = createServices({
      db: env.database.db,
      events: { committed: () => undefined },
      clock: () => new Date(),
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    await removeRedisKeys(redis, prefix);
    await redis.quit();
    await env.database.drop();
  });
  return env;
}
