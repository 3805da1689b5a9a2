import { jobPayloads, type JobPayload, type QueueName } from '@parley/contracts';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Retries with exponential backoff; finished jobs are trimmed, failed ones kept for inspection. */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 10_000 },
};

/** BullMQ connection options from a redis:// URL (BullMQ manages its own connections). */
export function redisConnectionOptions(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
}

export interface QueueOptions {
  connection: ConnectionOptions;
  /** BullMQ key prefix (isolates deployments and tests). */
  prefix: string;
}

/**
 * A deployment's queues: on its Redis, under its key prefix. The processes that queue jobs (the
 * relay's host) and the worker that takes them must agree on both, so they all build them here.
 */
export function deploymentQueueOptions(redisUrl: string, keyPrefix: string): QueueOptions {
  return { connection: redisConnectionOptions(redisUrl), prefix: `${keyPrefix}bull` };
}

/** A typed queue: payloads are validated against the contract before they are enqueued. */
export function createQueue<Q extends QueueName>(name: Q, options: QueueOptions) {
  const queue = new Queue(name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions,
  });
  return {
    queue,
    add: (data: JobPayload<Q>, opts: JobsOptions = {}) =>
      queue.add(name, jobPayloads[name].parse(data), opts),
    /** Many jobs in one round trip. */
    addBulk: (jobs: { data: JobPayload<Q>; opts?: JobsOptions }[]) =>
      jobs.length === 0
        ? Promise.resolve([])
        : queue.addBulk(
            jobs.map((j) => ({
              name,
              data: jobPayloads[name].parse(j.data),
              ...(j.opts ? { opts: j.opts } : {}),
            })),
          ),
    close: () => queue.close(),
  };
}
