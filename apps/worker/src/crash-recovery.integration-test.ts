import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { processNotifications } from './processors/notifications.processor.ts';
import { createQueue } from '@parley/api/jobs';
import { useQueueTestEnv } from './testing/queue-test-env.ts';

const env = useQueueTestEnv();
const here = path.dirname(fileURLToPath(import.meta.url));

describe('a worker killed mid-job', () => {
  it('leaves the job to be retried by another worker, and the effect happens once', async () => {
    const { database, services, prefix, queueOptions, redisUrl } = env;
    const { workspace, ownerId } = await createWorkspace(database.db);
    const bob = await createMember(database.db, workspace.id);
    const channel = await createChannel(database.db, {
      workspaceId: workspace.id,
      memberIds: [ownerId, bob.id],
    });
    const { message } = await services.messages.sendMessage(
      { kind: 'user', id: ownerId, workspaceId: workspace.id },
      { channelId: channel.id, body: `ping <@${bob.id}>` },
    );

    const child = fork(
      path.join(here, 'testing/crashing-worker.ts'),
      [database.url, redisUrl, prefix],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const effectDone = new Promise<void>((resolve) =>
      child.on('message', (m: { type: string }) => m.type === 'effect-done' && resolve()),
    );
    await new Promise<void>((resolve) =>
      child.on('message', (m: { type: string }) => m.type === 'ready' && resolve()),
    );

    const queue = createQueue('notifications', queueOptions);
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
        ...queueOptions,
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
