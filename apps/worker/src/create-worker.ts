import type { Services } from '@parley/api';
import {
  outboxWakeChannel,
  relayedEventsChannel,
  startOutboxRelay,
  type OutboxRelay,
} from '@parley/api/relay';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createPresenceReader } from '@parley/api/presence/presence-reader';
import type { Mailer } from './email/mailer.ts';
import { processEmailDigest } from './processors/email-digest.processor.ts';
import { processMediaJob } from './processors/media.processor.ts';
import { processNotifications } from './processors/notifications.processor.ts';
import { processPush } from './processors/push.processor.ts';
import { processRetention } from './processors/retention.processor.ts';
import { processSearchIndex } from './processors/search-index.processor.ts';
import { processWebhook } from './processors/webhooks.processor.ts';
import type { VapidDetails } from './push/send-web-push.ts';
import { createQueue, createQueueSink, deploymentQueueOptions } from '@parley/api/jobs';

export interface WorkerOptions {
  services: Services;
  /** Redis for presence reads and, with `relay`, for publishing to realtime nodes. */
  redis: Redis;
  /** Redis URL for BullMQ's own connections. */
  redisUrl: string;
  logger: Logger;
  /** Prefix of realtime keys (socket.io adapter) and, with `bull:`, of the queues. */
  keyPrefix?: string;
  /**
   * Host an outbox relay here too. Deployments run it in the realtime nodes (which deliver what it
   * reads to their own sockets without a Redis round trip); a worker-hosted one suits a process
   * set without realtime nodes (the worker's own tests). One relay leads across all that run one.
   */
  relay?: boolean;
  wakeChannel?: string;
  retentionEveryMs?: number;
  /** Delivery attempts per webhook event before it is marked dead, and the first backoff delay. */
  webhookRetry?: { attempts: number; backoffMs: number };
  /** Where links in emails and pushes point (the web app). */
  publicUrl?: string;
  /** Email digests to offline users; off when absent. */
  email?: {
    mailer: Mailer;
    from: string;
    /** Notifications wait this long before they can be emailed. */
    delayMs: number;
    /** How often the digest sweep runs. */
    everyMs: number;
    maxAgeMs?: number;
  };
  /** Web Push; off when absent. */
  push?: { vapid: VapidDetails; allowPrivateEndpoints?: boolean };
}

export interface ParleyWorker {
  relay: OutboxRelay | null;
  queues: {
    notifications: ReturnType<typeof createQueue<'notifications'>>;
    retention: ReturnType<typeof createQueue<'retention'>>;
    searchIndex: ReturnType<typeof createQueue<'search-index'>>;
    webhooks: ReturnType<typeof createQueue<'webhooks'>>;
    media: ReturnType<typeof createQueue<'media'>>;
    emailDigest: ReturnType<typeof createQueue<'email-digest'>>;
    push: ReturnType<typeof createQueue<'push'>>;
  };
  close(): Promise<void>;
}

/** The worker's composition root: the job processors the outbox feeds (and, with `relay`, the relay). */
export async function createWorker(options: WorkerOptions): Promise<ParleyWorker> {
  const prefix = options.keyPrefix ?? 'parley:';
  const queueOptions = deploymentQueueOptions(options.redisUrl, prefix);
  const queues = {
    notifications: createQueue('notifications', queueOptions),
    retention: createQueue('retention', queueOptions),
    searchIndex: createQueue('search-index', queueOptions),
    webhooks: createQueue('webhooks', queueOptions),
    media: createQueue('media', queueOptions),
    emailDigest: createQueue('email-digest', queueOptions),
    push: createQueue('push', queueOptions),
  };
  const deps = { services: options.services };
  const publicUrl = options.publicUrl ?? 'http://localhost:3000';
  const notificationDeps = {
    ...deps,
    ...(options.push
      ? {
          enqueuePush: (data: { messageId: string; workspaceId: string }) =>
            queues.push.add(data, { jobId: `push_${data.messageId}` }),
        }
      : {}),
  };
  const workers = [
    new Worker('notifications', (job) => processNotifications(notificationDeps, job), {
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
  const { email, push } = options;
  // Who is online, as the realtime nodes record it: email digests go to offline users, pushes skip active ones.
  const presence = createPresenceReader(options.redis, { prefix });
  if (email) {
    const digestDeps = {
      ...deps,
      presence,
      mailer: email.mailer,
      logger: options.logger,
      from: email.from,
      publicUrl,
      delayMs: email.delayMs,
      maxAgeMs: email.maxAgeMs ?? 3 * 86_400_000,
    };
    workers.push(
      new Worker('email-digest', (job) => processEmailDigest(digestDeps, job), {
        ...queueOptions,
        concurrency: 1,
      }),
    );
    await queues.emailDigest.queue.upsertJobScheduler(
      'email-digest-sweep',
      { every: email.everyMs },
      { name: 'email-digest', data: {} },
    );
  } else {
    await queues.emailDigest.queue.removeJobScheduler('email-digest-sweep');
  }
  if (push) {
    const pushDeps = {
      ...deps,
      presence,
      logger: options.logger,
      vapid: push.vapid,
      publicUrl,
      allowPrivateEndpoints: push.allowPrivateEndpoints ?? false,
    };
    workers.push(
      new Worker('push', (job) => processPush(pushDeps, job), { ...queueOptions, concurrency: 4 }),
    );
  }
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

  const subscriber = options.relay
    ? options.redis.duplicate({ enableAutoPipelining: false })
    : null;
  const relay = subscriber
    ? startOutboxRelay({
        db: options.services.deps.db,
        subscriber,
        publisher: options.redis,
        eventsChannel: relayedEventsChannel(prefix),
        sinks: [createQueueSink(queues, options.services, options.webhookRetry)],
        logger: options.logger,
        wakeChannel: options.wakeChannel ?? outboxWakeChannel(prefix),
      })
    : null;
  return {
    relay,
    queues,
    async close() {
      await relay?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      subscriber?.disconnect();
    },
  };
}
