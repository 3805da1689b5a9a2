import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, type ServiceDeps } from '@parley/api';
import { createRedisEventsPort } from '@parley/api/relay';
import { createDiskStorageDriver } from '@parley/api/storage';
import { removeRedisKeys } from '@parley/api/testing';
import { createTestDatabase } from '@parley/db/testing';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createWorker, type WorkerOptions } from '../create-worker.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A real worker for one test file: a fresh database, real Redis under a random prefix, disk storage
 * in a temp dir, the real services, the outbox relay and every queue's processor.
 */
export async function createWorkerHarness(
  options: Pick<WorkerOptions, 'webhookRetry' | 'email' | 'push' | 'publicUrl'> & {
    /** `deps.config` of the services (e.g. push settings). */
    config?: ServiceDeps['config'];
    /** Redis key prefix (random when absent); tests that write presence keys pass their own. */
    prefix?: string;
  } = {},
) {
  const { config, prefix: givenPrefix, ...workerOptions } = options;
  const prefix = givenPrefix ?? `test:${randomUUID()}:`;
  const database = await createTestDatabase();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const logger = pino({ level: 'silent' });
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'parley-worker-'));
  const storage = createDiskStorageDriver({
    root: storageDir,
    signingSecret: 'worker-test-secret',
    publicUrl: 'http://127.0.0.1:1',
  });
  const services = createServices({
    db: database.db,
    events: createRedisEventsPort(redis, `${prefix}wake`),
    clock: () => new Date(),
    logger,
    storage,
    ...(config ? { config } : {}),
  });
  const worker = await createWorker({
    services,
    redis,
    redisUrl: REDIS_URL,
    logger,
    keyPrefix: prefix,
    wakeChannel: `${prefix}wake`,
    relay: true, // no realtime node here to host it
    ...workerOptions,
  });
  return {
    prefix,
    database,
    redis,
    services,
    storage,
    worker,
    async close() {
      await worker.close();
      await removeRedisKeys(redis, prefix);
      await redis.quit();
      await database.drop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export type WorkerHarness = Awaited<ReturnType<typeof createWorkerHarness>>;

export { waitFor } from '@parley/api/testing';
