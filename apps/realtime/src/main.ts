import { createServices } from '@parley/api';
import { nodeHostedRelay } from '@parley/api/jobs';
import { onShutdownSignal } from '@parley/api/lifecycle';
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createRealtimeServer } from './create-realtime-server.ts';
import { env } from './env.ts';

const logger = pino({ level: env.LOG_LEVEL, base: { app: 'realtime' } });
const db = createDb({
  connectionString: env.DATABASE_URL,
  max: 20,
  onIdleConnectionError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
});
// Auto-pipelining: commands issued in one tick (rate limits, broadcasts) share one socket write.
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, enableAutoPipelining: true });
// The outbox relay runs here (one node leads): what it reads reaches this node's sockets at once,
// and its sink queues the worker's jobs. A commit wakes it directly while it leads.
const hosted = nodeHostedRelay(redis, env.REDIS_URL, env.REDIS_KEY_PREFIX);
const services = createServices({
  db,
  events: hosted.events,
  clock: () => new Date(),
  logger,
  config: { realtimeTicketSecret: env.REALTIME_TICKET_SECRET },
});
const server = createRealtimeServer({
  services,
  redis,
  logger,
  keyPrefix: env.REDIS_KEY_PREFIX,
  corsOrigins: env.REALTIME_CORS_ORIGINS.split(',').map((s) => s.trim()),
  relay: hosted.relayFor(services),
});
const port = await server.listen(env.PORT);
logger.info({ port }, 'realtime node listening');

onShutdownSignal(logger, async () => {
  try {
    await server.close('server shutting down');
    await hosted.close();
    await db.$disconnect();
  } finally {
    redis.disconnect();
  }
});
