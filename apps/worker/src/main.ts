import { createServices } from '@parley/api';
import { createRedisEventsPort } from '@parley/api/relay';
import { createStorage, storageConfigFromEnv } from '@parley/api/storage';
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createWorker } from './create-worker.ts';
import { env } from './env.ts';

const logger = pino({ level: env.LOG_LEVEL, base: { app: 'worker' } });
const db = createDb({ connectionString: env.DATABASE_URL, max: 10 });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const services = createServices({
  db,
  events: createRedisEventsPort(redis),
  clock: () => new Date(),
  logger,
  storage: createStorage(storageConfigFromEnv(env, env.PUBLIC_URL)),
});
const worker = await createWorker({ services, redis, redisUrl: env.REDIS_URL, logger });
logger.info('worker started: outbox relay and job processors running');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void worker
      .close()
      .then(() => db.$disconnect())
      .finally(() => {
        redis.disconnect();
        process.exit(0);
      });
  });
}
