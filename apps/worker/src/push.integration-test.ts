import { createServices, type Services } from '@parley/api';
import { createPresenceReader } from '@parley/api/presence/presence-reader';
import { randomUUID } from 'node:crypto';
import { createMember, createWorkspace } from '@parley/db/testing';
import { pino } from 'pino';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processPush } from './processors/push.processor.ts';
import { sendWebPush } from './push/send-web-push.ts';
import {
  createBrowserKeys,
  startPushService,
  verifyVapidAuthorization,
} from './testing/push-service.ts';
import { createWorkerHarness, waitFor, type WorkerHarness } from './testing/worker-harness.ts';
// The realtime node's own presence writer, so the key format is checked end to end.
import { createPresenceTracker } from '../../realtime/src/presence/presence-tracker.ts';

const PUBLIC_URL = 'https://chat.example.test';
const prefix = `test:${randomUUID()}:`;
const vapidKeys = webpush.generateVAPIDKeys();
const vapid = { ...vapidKeys, subject: 'mailto:ops@example.test' };
let h: WorkerHarness;
let services: Services;
let pushService: Awaited<ReturnType<typeof startPushService>>;

beforeAll(async () => {
  pushService = await startPushService();
  h = await createWorkerHarness({
    prefix,
    publicUrl: PUBLIC_URL,
    // Tests only: the stand-in push service is plain http on loopback.
    config: { push: { vapidPublicKey: vapid.publicKey, allowPrivateEndpoints: true } },
    push: { vapid, allowPrivateEndpoints: true },
  });
  services = h.services;
});
afterAll(async () => {
  await h.close();
  await pushService.close();
});

describe('Web Push (real local push service, real encryption and VAPID)', () => {
  it('pushes an encrypted, content-minimal notification once; a 410 removes the subscription', async () => {
    const db = h.database.db;
    const { workspace, ownerId, general } = await createWorkspace(db);
    const [bob, carol] = await Promise.all([1, 2].map(() => createMember(db, workspace.id)));
    await db.channelMember.createMany({
      data: [bob!, carol!].map((u) => ({
        channelId: general.id,
        userId: u.id,
        workspaceId: workspace.id,
      })),
      skipDuplicates: true,
    });
    const bobBrowser = createBrowserKeys();
    const carolBrowser = createBrowserKeys();
    const bobEndpoint = `${pushService.origin}/push/bob`;
    const carolEndpoint = `${pushService.origin}/push/carol-gone`;
    pushService.gone.add('/push/carol-gone');
    await services.push.subscribePush(bob!.id, { endpoint: bobEndpoint, keys: bobBrowser.keys });
    await services.push.subscribePush(carol!.id, {
      endpoint: carolEndpoint,
      keys: carolBrowser.keys,
    });
    expect(await services.push.getVapidPublicKey(bob!.id)).toEqual({
      publicKey: vapid.publicKey,
    });

    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const { message } = await services.messages.sendMessage(ada, {
      channelId: general.id,
      body: `<@${bob!.id}> <@${carol!.id}> the launch code is 1234`,
    });
    await waitFor(
      () => pushService.received.some((r) => r.path === '/push/bob'),
      'the push to Bob’s browser',
    );
    await waitFor(
      async () => (await db.pushSubscription.count({ where: { userId: carol!.id } })) === 0,
      'Carol’s gone subscription to be removed',
    );

    const push = pushService.received.find((r) => r.path === '/push/bob')!;
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    const claims = verifyVapidAuthorization(push.headers.authorization, vapid.publicKey);
    expect(claims.aud).toBe(pushService.origin);
    expect(claims.sub).toBe(vapid.subject);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    // The body is ciphertext; only Bob's browser keys open it.
    expect(push.body.toString('utf8')).not.toContain('New message');
    expect(() => carolBrowser.decrypt(push.body)).toThrow();
    const payload = JSON.parse(bobBrowser.decrypt(push.body)) as Record<string, unknown>;
    expect(payload).toEqual({
      title: 'New message in #general',
      url: `${PUBLIC_URL}/w/${workspace.id}/c/${general.id}`,
      tag: `channel:${general.id}`,
    });
    expect(JSON.stringify(payload)).not.toContain('launch code');

    const bobRow = await db.notification.findFirstOrThrow({
      where: { messageId: message.id, userId: bob!.id },
    });
    expect(bobRow.pushedAt).not.toBeNull();

    // A retried job claims nothing and sends nothing.
    const before = pushService.received.length;
    const again = await processPush(
      {
        services,
        presence: createPresenceReader(h.redis, { prefix }),
        logger: pino({ level: 'silent' }),
        vapid,
        publicUrl: PUBLIC_URL,
        allowPrivateEndpoints: true,
      },
      { data: { messageId: message.id, workspaceId: workspace.id } },
    );
    expect(again).toEqual({ pushed: 0, removed: 0, failed: 0, skippedActive: 0 });
    expect(pushService.received.length).toBe(before);
    expect(pushService.received.filter((r) => r.path === '/push/bob')).toHaveLength(1);
  });

  it('does not push to a user who is active in the app, and does to the same user set to away', async () => {
    const db = h.database.db;
    const { workspace, ownerId, general } = await createWorkspace(db);
    const dana = await createMember(db, workspace.id);
    await db.channelMember.create({
      data: { channelId: general.id, userId: dana.id, workspaceId: workspace.id },
    });
    const browser = createBrowserKeys();
    const path = `/push/dana-${randomUUID()}`;
    await services.push.subscribePush(dana.id, {
      endpoint: `${pushService.origin}${path}`,
      keys: browser.keys,
    });
    const tracker = createPresenceTracker(h.redis, { prefix, ttlMs: 60_000, graceMs: 0 });
    await tracker.heartbeat(workspace.id, dana.id, 'laptop');
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const mention = async (body: string) => {
      const { message } = await services.messages.sendMessage(ada, {
        channelId: general.id,
        body: `<@${dana.id}> ${body}`,
      });
      // Finished, not merely claimed: the job checks presence after its claim, so a status change
      // made between the two would be seen by this message's job.
      await waitFor(
        async () =>
          (await (await h.worker.queues.push.queue.getJob(`push_${message.id}`))?.isCompleted()) ===
          true,
        'the push job to handle the mention',
      );
    };

    await mention('while active');
    expect(pushService.received.filter((r) => r.path === path)).toHaveLength(0);

    await tracker.setStatus(workspace.id, dana.id, 'away');
    await mention('while away');
    await waitFor(
      () => pushService.received.some((r) => r.path === path),
      'the push to Dana once she is away',
    );
    expect(pushService.received.filter((r) => r.path === path)).toHaveLength(1);
  });

  it('refuses loopback, private and plain-http endpoints unless explicitly allowed (SSRF guard)', async () => {
    const { ownerId } = await createWorkspace(h.database.db);
    const strict = createServices({
      ...services.deps,
      config: { push: { vapidPublicKey: vapid.publicKey } },
    });
    const keys = createBrowserKeys().keys;
    for (const endpoint of [
      `${pushService.origin}/push/x`,
      'https://127.0.0.1/push/x',
      'https://10.1.2.3/push/x',
      'https://[::1]/push/x',
      'https://169.254.169.254/latest',
    ]) {
      await expect(strict.push.subscribePush(ownerId, { endpoint, keys })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    await strict.push.subscribePush(ownerId, { endpoint: 'https://push.example.com/s/1', keys });
    expect(await h.database.db.pushSubscription.count({ where: { userId: ownerId } })).toBe(1);

    // At send time too: without the test allowance, nothing reaches the loopback push service.
    const before = pushService.received.length;
    const result = await sendWebPush({
      target: { endpoint: `${pushService.origin}/push/ssrf`, ...keys },
      payload: '{}',
      vapid,
      allowPrivate: false,
    });
    expect(result.ok).toBe(false);
    expect(pushService.received.length).toBe(before);
    const viaName = await sendWebPush({
      target: {
        endpoint: `https://localhost:${new URL(pushService.origin).port}/push/ssrf`,
        ...keys,
      },
      payload: '{}',
      vapid,
      allowPrivate: false,
    });
    expect(viaName.error).toMatch(/private or reserved/);
  });

  it('moves an endpoint to whoever subscribes with it last; unsubscribe only removes your own', async () => {
    const db = h.database.db;
    const { workspace, ownerId } = await createWorkspace(db);
    const other = await createMember(db, workspace.id);
    const endpoint = `${pushService.origin}/push/shared-browser`;
    const keys = createBrowserKeys().keys;
    await services.push.subscribePush(ownerId, { endpoint, keys });
    await services.push.subscribePush(other.id, { endpoint, keys });
    expect(await db.pushSubscription.findUnique({ where: { endpoint } })).toMatchObject({
      userId: other.id,
    });
    expect(await services.push.unsubscribePush(ownerId, { endpoint })).toEqual({ removed: 0 });
    expect(await services.push.unsubscribePush(other.id, { endpoint })).toEqual({ removed: 1 });
    expect(await services.notifications.getNotificationPrefs(other.id)).toEqual({
      emailNotifications: true,
      pushSubscriptions: 0,
    });
  });
});
