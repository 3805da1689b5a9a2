import { randomUUID } from 'node:crypto';
import type { Services } from '@parley/api';
import { createPresenceReader } from '@parley/api/presence/presence-reader';
import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The realtime node's own presence writer, so this checks the real key format end to end.
import { createPresenceTracker } from '../../realtime/src/presence/presence-tracker.ts';
import { createSmtpMailer } from './email/mailer.ts';
import { processEmailDigest, type EmailDigestDeps } from './processors/email-digest.processor.ts';
import { startSmtpSink } from './testing/smtp-sink.ts';
import { createWorkerHarness, waitFor, type WorkerHarness } from './testing/worker-harness.ts';

const PUBLIC_URL = 'https://chat.example.test';
const SWEEP_MS = 250;
let h: WorkerHarness;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let services: Services;
const prefix = `test:${randomUUID()}:`;
const mailer = { current: null as ReturnType<typeof createSmtpMailer> | null };

beforeAll(async () => {
  smtp = await startSmtpSink();
  mailer.current = createSmtpMailer(smtp.url);
  h = await createWorkerHarness({
    prefix,
    publicUrl: PUBLIC_URL,
    email: {
      mailer: mailer.current,
      from: 'Parley <notify@example.test>',
      delayMs: 0,
      everyMs: SWEEP_MS,
    },
  });
  services = h.services;
});
afterAll(async () => {
  await h.close();
  mailer.current?.close();
  await smtp.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('email digests (real SMTP server, real BullMQ repeatable sweep)', () => {
  it('sends one digest per offline user for several notifications, none to online users or opted-out users, never twice', async () => {
    const db = h.database.db;
    const { workspace, ownerId } = await createWorkspace(db, { name: 'Acme Test' });
    const [bob, carol, dave, erin] = await Promise.all(
      [1, 2, 3, 4].map(() => createMember(db, workspace.id)),
    );
    const people = [bob!, carol!, dave!, erin!];
    const channel = await createChannel(db, {
      workspaceId: workspace.id,
      name: 'launch',
      memberIds: [ownerId, ...people.map((p) => p.id)],
    });
    // Carol has a live socket (written the way the realtime node writes it); Dave turned email off.
    const tracker = createPresenceTracker(h.redis, { prefix, ttlMs: 60_000, graceMs: 0 });
    await tracker.heartbeat(workspace.id, carol!.id, 'carol-laptop');
    // Everyone starts with email off so the background sweep (no delay here) cannot split the
    // batch while the messages are still being sent; Dave keeps it off.
    for (const p of people)
      await services.notifications.setNotificationPrefs(p.id, { emailNotifications: false });

    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const mentions = people.map((p) => `<@${p.id}>`).join(' ');
    let lastSeq = 0;
    for (const text of ['rollout at noon', 'feature flag is on', 'please check the dashboard']) {
      const { message } = await services.messages.sendMessage(ada, {
        channelId: channel.id,
        body: `${mentions} ${text}`,
      });
      lastSeq = message.seq;
    }
    // Erin read the channel in another tab: her notifications are no longer unread.
    await services.readState.markRead(
      { ...ada, id: erin!.id },
      { channelId: channel.id, seq: lastSeq },
    );

    await waitFor(
      async () => (await db.notification.count({ where: { channelId: channel.id } })) === 12,
      'the mention notifications',
    );
    for (const p of [bob!, carol!, erin!])
      await services.notifications.setNotificationPrefs(p.id, { emailNotifications: true });

    await waitFor(() => smtp.received.length >= 1, 'the digest email');
    await sleep(SWEEP_MS * 6); // several more sweeps
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([bob!.email]);
    expect(mail.from).toBe('notify@example.test');
    expect(mail.subject).toBe('3 new notifications in Acme Test');
    expect(mail.subject).not.toContain('rollout');
    expect(mail.decoded).toContain('rollout at noon');
    expect(mail.decoded).toContain('please check the dashboard');
    expect(mail.decoded).toContain(`${PUBLIC_URL}/w/${workspace.id}/c/${channel.id}`);
    expect(mail.decoded).toContain('#launch');

    const emailed = async (userId: string) =>
      db.notification.count({ where: { userId, emailedAt: { not: null } } });
    expect(await emailed(bob!.id)).toBe(3);
    expect(await emailed(carol!.id)).toBe(0);
    expect(await emailed(dave!.id)).toBe(0);
    expect(await emailed(erin!.id)).toBe(0);

    // Carol goes offline: her unread notifications are emailed on the next sweep, once.
    await tracker.removeDevice(workspace.id, carol!.id, 'carol-laptop');
    await waitFor(() => smtp.received.length >= 2, 'Carol’s digest');
    await sleep(SWEEP_MS * 4);
    expect(smtp.received.map((m) => m.to[0])).toEqual([bob!.email, carol!.email]);
    expect(await emailed(carol!.id)).toBe(3);
  });

  // The direct sweeps below read presence under another prefix, where these users are offline,
  // while the background sweep sees them online and leaves them alone: the runs are deterministic.
  const directDeps = (m: EmailDigestDeps['mailer'], delayMs = 0): EmailDigestDeps => ({
    services,
    presence: createPresenceReader(h.redis, { prefix: `${prefix}direct:` }),
    mailer: m,
    logger: pino({ level: 'silent' }),
    from: 'Parley <notify@example.test>',
    publicUrl: PUBLIC_URL,
    delayMs,
    maxAgeMs: 86_400_000,
    // One candidate per page, so these sweeps walk several pages (Erin, who read hers, comes first).
    pageSize: 1,
  });
  const onlineForBackgroundSweep = (workspaceId: string, userId: string) =>
    createPresenceTracker(h.redis, { prefix, ttlMs: 600_000, graceMs: 0 }).heartbeat(
      workspaceId,
      userId,
      'elsewhere',
    );

  it('a failed send is released and retried; concurrent sweeps (a retried job racing a new one) send one email', async () => {
    const db = h.database.db;
    const { workspace, ownerId } = await createWorkspace(db, { name: 'Race Co' });
    const frank = await createMember(db, workspace.id);
    await onlineForBackgroundSweep(workspace.id, frank.id);
    const channel = await createChannel(db, {
      workspaceId: workspace.id,
      memberIds: [ownerId, frank.id],
    });
    const ada = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    for (const body of [`<@${frank.id}> one`, `<@${frank.id}> two`]) {
      await services.messages.sendMessage(ada, { channelId: channel.id, body });
    }
    const frankRows = { userId: frank.id };
    await waitFor(
      async () => (await db.notification.count({ where: frankRows })) === 2,
      'Frank’s notifications',
    );

    // A broken SMTP server (nothing listens there): the claim is released, nothing is lost.
    const broken = createSmtpMailer('smtp://127.0.0.1:1');
    const failed = await processEmailDigest(directDeps(broken), { data: {} });
    broken.close();
    expect(failed).toMatchObject({ sent: 0, failed: 1 });
    expect(await db.notification.count({ where: { ...frankRows, emailedAt: null } })).toBe(2);

    const [a, b] = await Promise.all([
      processEmailDigest(directDeps(mailer.current!), { data: {} }),
      processEmailDigest(directDeps(mailer.current!), { data: {} }),
    ]);
    expect(a.sent + b.sent).toBe(1);
    expect((await processEmailDigest(directDeps(mailer.current!), { data: {} })).sent).toBe(0);
    await sleep(SWEEP_MS * 4);
    const franks = smtp.received.filter((m) => m.to[0] === frank.email);
    expect(franks).toHaveLength(1);
    expect(franks[0]!.subject).toBe('2 new notifications in Race Co');
    expect(await db.notification.count({ where: { ...frankRows, emailedAt: null } })).toBe(0);
  });

  it('waits for the digest delay before emailing', async () => {
    const db = h.database.db;
    const { workspace, ownerId } = await createWorkspace(db, { name: 'Delay Inc' });
    const gina = await createMember(db, workspace.id);
    await onlineForBackgroundSweep(workspace.id, gina.id);
    const channel = await createChannel(db, {
      workspaceId: workspace.id,
      memberIds: [ownerId, gina.id],
    });
    await services.messages.sendMessage(
      { kind: 'user', id: ownerId, workspaceId: workspace.id },
      { channelId: channel.id, body: `<@${gina.id}> later` },
    );
    await waitFor(
      async () => (await db.notification.count({ where: { userId: gina.id } })) === 1,
      'Gina’s notification',
    );
    const sink: { to: string; subject: string }[] = [];
    const deps = directDeps(
      { send: (m) => Promise.resolve(void sink.push(m)), close: () => undefined },
      10 * 60_000,
    );
    // Seconds old: a 10-minute delay leaves it alone; eleven minutes later it is emailed.
    expect((await processEmailDigest(deps, { data: {} })).sent).toBe(0);
    const later = await processEmailDigest(
      { ...deps, clock: () => Date.now() + 11 * 60_000 },
      { data: {} },
    );
    expect(later.sent).toBe(1);
    expect(sink).toEqual([
      expect.objectContaining({ to: gina.email, subject: '1 new notification in Delay Inc' }),
    ]);
  });
});
