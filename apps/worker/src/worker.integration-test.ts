import { randomUUID } from 'node:crypto';
import type { Services } from '@parley/api';
import type { DiskStorageDriver } from '@parley/api/storage';
import {
  createChannel,
  createMember,
  createWorkspace,
  type TestDatabase,
} from '@parley/db/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyWorker } from './create-worker.ts';
import { processNotifications } from './processors/notifications.processor.ts';
import { createWorkerHarness, waitFor, type WorkerHarness } from './testing/worker-harness.ts';

let h: WorkerHarness;
let database: TestDatabase;
let services: Services;
let worker: ParleyWorker;
let storage: DiskStorageDriver;

beforeAll(async () => {
  h = await createWorkerHarness();
  ({ database, services, worker, storage } = h);
});
afterAll(async () => h.close());

describe('worker queues (real BullMQ round trips)', () => {
  it('relays a committed message into the notifications queue and records mentions, DMs and thread replies once', async () => {
    const { workspace, ownerId } = await createWorkspace(database.db);
    const bob = await createMember(database.db, workspace.id);
    const carol = await createMember(database.db, workspace.id);
    const channel = await createChannel(database.db, {
      workspaceId: workspace.id,
      memberIds: [ownerId, bob.id, carol.id],
    });
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const { message } = await services.messages.sendMessage(ada, {
      channelId: channel.id,
      body: `hi <@${bob.id}>`,
    });
    await waitFor(
      async () =>
        (await database.db.notification.count({ where: { messageId: message.id } })) === 1,
      'the mention notification',
    );
    expect(
      await database.db.notification.findFirst({ where: { messageId: message.id } }),
    ).toMatchObject({ userId: bob.id, kind: 'mention' });

    // Bob replies in Ada's thread: Ada is notified of the reply; Carol (not in the thread) is not.
    const reply = await services.messages.sendMessage(
      { ...ada, id: bob.id },
      { channelId: channel.id, body: 'on it', threadRootId: message.id },
    );
    await waitFor(
      async () =>
        (await database.db.notification.count({ where: { messageId: reply.message.id } })) === 1,
      'the thread notification',
    );
    expect(
      await database.db.notification.findFirst({ where: { messageId: reply.message.id } }),
    ).toMatchObject({ userId: ownerId, kind: 'thread_reply' });

    // The job is idempotent: running it again (a retry after a crash) creates nothing new.
    expect(
      await processNotifications(
        { services },
        {
          data: {
            eventId: randomUUID(),
            type: 'message.created',
            workspaceId: workspace.id,
            messageId: message.id,
          },
        },
      ),
    ).toEqual({ created: 0 });

    const dm = await services.channels.openDm(ada, { userIds: [carol.id] });
    const { message: dmMessage } = await services.messages.sendMessage(ada, {
      channelId: dm.id,
      body: 'psst',
    });
    await waitFor(
      async () =>
        (await database.db.notification.count({
          where: { messageId: dmMessage.id, userId: carol.id, kind: 'dm' },
        })) === 1,
      'the DM notification',
    );
  });

  it('respects mute and notification level', async () => {
    const { workspace, ownerId } = await createWorkspace(database.db);
    const muted = await createMember(database.db, workspace.id);
    const quiet = await createMember(database.db, workspace.id);
    const channel = await createChannel(database.db, {
      workspaceId: workspace.id,
      memberIds: [ownerId, muted.id, quiet.id],
    });
    await database.db.channelMember.update({
      where: { channelId_userId: { channelId: channel.id, userId: muted.id } },
      data: { muted: true },
    });
    await database.db.channelMember.update({
      where: { channelId_userId: { channelId: channel.id, userId: quiet.id } },
      data: { notificationLevel: 'nothing' },
    });
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const broadcast = (
      await services.messages.sendMessage(ada, { channelId: channel.id, body: '@channel standup' })
    ).message;
    const direct = (
      await services.messages.sendMessage(ada, {
        channelId: channel.id,
        body: `<@${muted.id}> <@${quiet.id}> ping`,
      })
    ).message;
    await waitFor(
      async () => (await database.db.notification.count({ where: { messageId: direct.id } })) === 1,
      'the direct mention',
    );
    expect(
      await database.db.notification.findMany({
        where: { messageId: direct.id },
        select: { userId: true },
      }),
    ).toEqual([{ userId: muted.id }]);
    expect(await database.db.notification.count({ where: { messageId: broadcast.id } })).toBe(0);
  });

  it('indexes messages for search through the search-index queue, following edits and deletes', async () => {
    const { workspace, ownerId, general } = await createWorkspace(database.db);
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const found = async (q: string) =>
      (await services.search.searchMessages(ada, { query: q })).map((r) => r.message.id);
    const { message } = await services.messages.sendMessage(ada, {
      channelId: general.id,
      body: 'quarterly roadmap draft',
    });
    await waitFor(
      async () => (await found('roadmap')).includes(message.id),
      'the message to be searchable',
    );
    await services.messages.editMessage(ada, {
      messageId: message.id,
      body: 'quarterly budget draft',
    });
    await waitFor(
      async () =>
        (await found('budget')).includes(message.id) && (await found('roadmap')).length === 0,
      'the edit to reach the index',
    );
    await services.messages.deleteMessage(ada, { messageId: message.id });
    await waitFor(
      async () =>
        (await database.db.messageSearch.count({ where: { messageId: message.id } })) === 0,
      'the deletion to reach the index',
    );
  });

  it('processes an uploaded image through the media queue before it is ready', async () => {
    const { workspace, ownerId } = await createWorkspace(database.db);
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const png = await sharp({
      create: { width: 640, height: 480, channels: 3, background: '#ff0000' },
    })
      .png()
      .toBuffer();
    const { file, upload } = await services.files.requestUpload(ada, {
      name: 'red.png',
      contentType: 'image/png',
      size: png.length,
    });
    expect(await storage.acceptUpload(upload.url.split('/').pop()!, png)).toEqual({ ok: true });
    expect((await services.files.completeUpload(ada, { fileId: file.id })).status).toBe(
      'processing',
    );
    await waitFor(
      async () =>
        (await database.db.file.findUniqueOrThrow({ where: { id: file.id } })).status === 'ready',
      'the media job',
    );
    expect(await database.db.file.findUniqueOrThrow({ where: { id: file.id } })).toMatchObject({
      width: 640,
      height: 480,
      thumbnailKey: expect.stringContaining('.thumb.webp'),
    });
  });

  it('runs retention as a queued job and deletes only what is past the workspace setting', async () => {
    const { workspace, ownerId, general } = await createWorkspace(database.db);
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const old = (
      await services.messages.sendMessage(ada, { channelId: general.id, body: 'ancient' })
    ).message;
    const fresh = (
      await services.messages.sendMessage(ada, { channelId: general.id, body: 'recent' })
    ).message;
    await database.db.message.update({
      where: { id: old.id },
      data: { createdAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    await database.db.workspace.update({
      where: { id: workspace.id },
      data: { retentionDays: 30 },
    });
    const job = await worker.queues.retention.add({ workspaceId: workspace.id });
    await waitFor(async () => (await job.getState()) === 'completed', 'the retention job');
    expect(await database.db.message.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await database.db.message.findUnique({ where: { id: fresh.id } })).not.toBeNull();
  });
});
