import { createServices } from '@parley/api';
import { onShutdownSignal } from '@parley/api/lifecycle';
import { createRedisEventsPort, outboxWakeChannel } from '@parley/api/relay';
import { createSearchEngine, searchConfigFromEnv } from '@parley/api/search';
import { createStorage, storageConfigFromEnv } from '@parley/api/storage';
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createWorker } from './create-worker.ts';
import { createSmtpMailer } from './email/mailer.ts';
import { env } from './env.ts';

const logger = pino({ level: env.LOG_LEVEL, base: { app: 'worker' } });
const db = createDb({
  connectionString: env.DATABASE_URL,
  max: 10,
  onIdleConnectionError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
});
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, enableAutoPipelining: true });
const search = createSearchEngine(db, searchConfigFromEnv(env));
search
  .ready()
  .catch((error: unknown) =>
    logger.warn({ err: error }, 'search engine not ready yet; it is prepared again on first use'),
  );
const services = createServices({
  db,
  events: createRedisEventsPort(redis, outboxWakeChannel(env.REDIS_KEY_PREFIX)),
  clock: () => new Date(),
  logger,
  storage: createStorage(storageConfigFromEnv(env, env.PUBLIC_URL)),
  search,
});
const mailer = env.SMTP_URL ? createSmtpMailer(env.SMTP_URL) : null;
if (!mailer) logger.info('SMTP_URL is not set: email digests are off');
const vapid =
  env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT
    ? {
        publicKey: env.VAPID_PUBLIC_KEY,
        privateKey: env.VAPID_PRIVATE_KEY,
        subject: env.VAPID_SUBJECT,
      }
    : null;
if (!vapid) logger.info('VAPID keys are not set: Web Push is off');
const worker = await createWorker({
  services,
  redis,
  redisUrl: env.REDIS_URL,
  keyPrefix: env.REDIS_KEY_PREFIX,
  logger,
  publicUrl: env.PUBLIC_URL,
  ...(mailer
    ? {
        email: {
          mailer,
          from: env.EMAIL_FROM,
          delayMs: env.EMAIL_DIGEST_DELAY_MINUTES * 60_000,
          everyMs: env.EMAIL_DIGEST_EVERY_SECONDS * 1000,
        },
      }
    : {}),
  ...(vapid ? { push: { vapid } } : {}),
});
logger.info('worker started: job processors running (the realtime nodes relay the outbox)');

onShutdownSignal(logger, async () => {
  try {
    await worker.close();
    await db.$disconnect();
    mailer?.close();
  } finally {
    redis.disconnect();
  }
});
