import { startOutboxRelay, type OutboxRelay, type OutboxSink } from '@parley/api/relay';
import type { Db } from '@parley/db';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface WorkerOptions {
  db: Db;
  /** Redis for publishing to realtime nodes. */
  redis: Redis;
  logger: Logger;
  keyPrefix?: string;
  sinks?: OutboxSink[];
}

export interface ParleyWorker {
  relay: OutboxRelay;
  close(): Promise<void>;
}

/** The worker's composition root: hosts the outbox relay (and the job processors it feeds). */
export function createWorker(options: WorkerOptions): ParleyWorker {
  const prefix = options.keyPrefix ?? 'parley:';
  const subscriber = options.redis.duplicate();
  const relay = startOutboxRelay({
    db: options.db,
    subscriber,
    emitter: new Emitter(options.redis, { key: `${prefix}socket.io` }),
    sinks: options.sinks ?? [],
    logger: options.logger,
  });
  return {
    relay,
    async close() {
      await relay.stop();
      subscriber.disconnect();
    },
  };
}
