import { createServices, type Services } from '@parley/api';
import { createTokenBucket, type TokenBucket } from '@parley/api/rate-limit';
import { createRedisEventsPort, outboxWakeChannel } from '@parley/api/relay';
import { createSearchEngine, searchConfigFromEnv } from '@parley/api/search';
import { createStorage, storageConfigFromEnv, type StorageDriver } from '@parley/api/storage';
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { env } from '@/env';

interface WebRoot {
  services: Services;
  storage: StorageDriver;
  /** Mutations per user (or address): bursts of 30, 5 per second sustained. */
  mutationLimiter: TokenBucket;
  /** Sign-in attempts per address and per email: 10, then one every 6 seconds. */
  signInLimiter: TokenBucket;
}

const cache = globalThis as unknown as { parleyWeb?: WebRoot };

/** The web process's composition root: one db pool, Redis client and service layer per process. No queues here. */
function root(): WebRoot {
  if (!cache.parleyWeb) {
    const logger = pino({ level: env.LOG_LEVEL, base: { app: 'web' } });
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
    const storage = createStorage(
      storageConfigFromEnv(env, env.NEXTAUTH_URL ?? 'http://localhost:3000'),
    );
    const db = createDb({
      connectionString: env.DATABASE_URL,
      max: 10,
      onIdleConnectionError: (error) =>
        logger.warn({ err: error }, 'idle database connection lost'),
    });
    cache.parleyWeb = {
      storage,
      services: createServices({
        storage,
        db,
        search: createSearchEngine(db, searchConfigFromEnv(env)),
        events: createRedisEventsPort(redis, outboxWakeChannel(env.REDIS_KEY_PREFIX)),
        clock: () => new Date(),
        logger,
        config: {
          realtimeTicketSecret: env.REALTIME_TICKET_SECRET,
          push: { vapidPublicKey: env.VAPID_PUBLIC_KEY },
        },
      }),
      mutationLimiter: createTokenBucket(redis, {
        prefix: `${env.REDIS_KEY_PREFIX}rate:web:`,
        capacity: 30,
        refillPerSecond: 5,
      }),
      signInLimiter: createTokenBucket(redis, {
        prefix: `${env.REDIS_KEY_PREFIX}rate:signin:`,
        capacity: 10,
        refillPerSecond: 1 / 6,
      }),
    };
  }
  return cache.parleyWeb;
}

export const getServices = () => root().services;
export const getStorage = () => root().storage;
export const getMutationLimiter = () => root().mutationLimiter;
export const getSignInLimiter = () => root().signInLimiter;
