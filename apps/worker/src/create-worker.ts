import type { Services } from '@parley/api';
import { startOutboxRelay, type OutboxRelay } from '@parley/api/relay';
import { Emitter } from '@socket.io/redis-emitter';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createQueueSink } from './outbox-sink.ts';
import { processMediaJob } from './processors/media.processor.ts';
import { processNotifications } from './processors/notifications.processor.ts';
import { processRetention } from './processors/retention.processor.ts';
import { processSearchIndex } from './processors/search-index.processor.ts';
import { processWebhook } from './processors/webhooks.processor.ts';
import { createQueue, redisConnectionOptions } from './queues.ts';

export interface WorkerOptions {
  services: Services;
  /** Redis for publishing to realtime nodes. */
  redis: Redis;
  /** Redis URL for BullMQ's own connections. */
  redisUrl: string;
  logger: Logger;
  /** Prefix of realtime keys (socket.io adapter) and, with `bull:`, of the queues. */
  keyPrefix?: string;
  wakeChannel?: string;
  retentionEveryMs?: number;
  /** Delivery attempts per webhook event before it is marked dead, and the first backoff delay. */
  webhookRetry?: { attempts: number; backoffMs: number };
}

export interface ParleyWorker {
  relay: OutboxRelay;
  queues: {
    notifications: ReturnType<typeof createQueue<'notifications'>>;
    retention: ReturnType<typeof createQueue<'retention'>>;
    searchIndex: ReturnType<typeof createQueue<'search-index'>>;
    webhooks: ReturnType<typeof createQueue<'webhooks'>>;
    media: ReturnType<typeof createQueue<'media'>>;
  };
  close(): Promise<void>;
}

/** The worker's composition root: hosts the outbox relay and the job processors it feeds. */
export async function createWorker(options: WorkerOptions): Promise<ParleyWorker> {
  const prefix = options.keyPrefix ?? 'parley:';
  const connection = redisConnectionOptions(options.redisUrl);
  const queueOptions = { connection, prefix: `${prefix}bull` };
  const queues = {
    notifications: createQueue('notifications', queueOptions),
    retention: createQueue('retention', queueOptions),
    searchIndex: createQueue('search-index', queueOptions),
    webhooks: createQueue('webhooks', queueOptions),
    media: createQueue('media', queueOptions),
  };
  const deps = { services: options.services };
  const workers = [
    new Worker('notifications', (job) => processNotifications(deps, job), {
      ...queueOptions,
      concurrency: 4,
    }),
    new Worker('retention', (job) => processRetention(deps, job), {
      ...queueOptions,
      concurrency: 1,
    }),
    new Worker('search-index', (job) => processSearchIndex(deps, job), {
      ...queueOptions,
      concurrency: 4,
    }),
    new Worker('webhooks', (job) => processWebhook(deps, job), { ...queueOptions, concurrency: 8 }),
    new Worker('media', (job) => processMediaJob(deps, job), { ...queueOptions, concurrency: 2 }),
  ];
  for (const w of workers) {
    w.on('failed', (job, error) =>
      options.logger.warn(
        { queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, err: error },
        'job failed',
      ),
    );
  }
  await queues.retention.queue.upsertJobScheduler(
    'retention-sweep',
    { every: options.retentionEveryMs ?? 3_600_000 },
    { name: 'retention', data: {} },
  );

  const subscriber = options.redis.duplicate();
  const relay = startOutboxRelay({
    db: options.services.deps.db,
    subscriber,
    emitter: new Emitter(options.redis, { key: `${prefix}socket.io` }),
    sinks: [createQueueSink(queues, options.services, options.webhookRetry)],
    logger: options.logger,
    wakeChannel: options.wakeChannel,
  });
  return {
    relay,
    queues,
    async close() {
      await relay.stop();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      subscriber.disconnect();
    },
  };
}
