import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '@parley/api';
import {
  createChannel,
  createMember,
  createTestDatabase,
  createWorkspace,
  type TestDatabase,
} from '@parley/db/testing';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processNotifications } from './processors/notifications.processor.ts';
import { createQueue, redisConnectionOptions } from './queues.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomUUID()}:bull`;
const here = path.dirname(fileURLToPath(import.meta.url));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await database.drop();
});

describe('a worker killed mid-job', () => {
  it('leaves the job to be retried by another worker, and the effect happens once', async () => {
    const { workspace, ownerId } = await createWorkspace(database.db);
    const bob = await createMember(database.db, workspace.id);
    const channel = await createChannel(database.db, {
      workspaceId: workspace.id,
      memberIds: [ownerId, bob.id],
    });
    const services = createServices({
      db: database.db,
      events: { committed: () => undefined },
      clock: () => new Date(),
      logger: pino({ level: 'silent' }),
    });
    const { message } = await services.messages.sendMessage(
      { kind: 'user', id: ownerId, workspaceId: workspace.id },
      { channelId: channel.id, body: `ping <@${bob.id}>` },
    );

    const child = fork(
      path.join(here, 'testing/crashing-worker.ts'),
      [database.url, REDIS_URL, prefix],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const effectDone = new Promise<void>((resolve) =>
      child.on('message', (m: { type: string }) => m.type === 'effect-done' && resolve()),
    );
    await new Promise<void>((resolve) =>
      child.on('message', (m: { type: string }) => m.type === 'ready' && resolve()),
    );

    const queue = createQueue('notifications', {
      connection: redisConnectionOptions(REDIS_URL),
      prefix,
    });
    const job = await queue.add(
      { workspaceId: workspace.id, messageIds: [message.id] },
      { attempts: 3 },
    );
    await effectDone;
    child.kill('SIGKILL'); // after the side effect, before the acknowledgement
    await new Promise((r) => child.once('exit', r));
    expect(await job.getState()).toBe('active');

    let runs = 0;
    const survivor = new Worker(
      'notifications',
      async (j) => {
        runs++;
        return processNotifications({ services }, j);
      },
      {
        connection: redisConnectionOptions(REDIS_URL),
        prefix,
        stalledInterval: 500,
        lockDuration: 5_000,
      },
    );
    try {
      const start = Date.now();
      while ((await job.getState()) !== 'completed') {
        if (Date.now() - start > 20_000) throw new Error(`job stuck in ${await job.getState()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(runs).toBe(1);
      expect(await database.db.notification.count({ where: { messageId: message.id } })).toBe(1);
    } finally {
      await survivor.close();
      await queue.close();
    }
  });
});
