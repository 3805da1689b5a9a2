import { createServices, type Services } from '@parley/api';
import { createRedisEventsPort } from '@parley/api/relay';
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { env } from '@/env';

const cache = globalThis as unknown as { parleyServices?: Services };

/** The web process's composition root: one db pool and service layer per process. No queues here. */
export function getServices(): Services {
  if (!cache.parleyServices) {
    const logger = pino({ level: env.LOG_LEVEL, base: { app: 'web' } });
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
    cache.parleyServices = createServices({
      db: createDb({ connectionString: env.DATABASE_URL, max: 10 }),
      events: createRedisEventsPort(redis),
      clock: () => new Date(),
      logger,
      config: { realtimeTicketSecret: env.REALTIME_TICKET_SECRET },
    });
  }
  return cache.parleyServices;
}
