import { createChannel, createMember, createUser, createWorkspace } from '@parley/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import { appRouter } from './root.ts';

/**
 * Calls EVERY tRPC procedure as people who must be refused: signed out, an outsider, a user of
 * another workspace, a guest who is not in the private channel, a deactivated member, a
 * deactivated account. A new procedure without an entry here fails the suite.
 */
interface Fixture {
  W: string;
  W2: string;
  P: string;
  messageId: string;
  inviteId: string;
  owner: string;
  member: string;
  guest: string;
  outsider: string;
  otherUser: string;
  deactivatedMember: string;
  deactivatedAccount: string;
}

type Kind = 'public' | 'user' | 'ws';
interface Entry {
  kind: Kind;
  input?: (f: Fixture) => Record<string, unknown>;
  /** Allowed for a guest (it targets nothing the guest cannot see). */
  guestAllowed?: boolean;
  /** Targets no resource of W beyond the workspace itself (so another workspace's user calling it on their own workspace is legitimate). */
  resourceless?: boolean;
}

const matrix: Record<string, Entry> = {
  'auth.signUp': { kind: 'public' },
  'auth.me': { kind: 'user' },
  'auth.updateProfile': { kind: 'user', input: () => ({ statusText: 'hi' }) },
  'workspaces.create': {
    kind: 'user',
    input: () => ({ name: 'Nope', slug: `nope-${Date.now()}` }),
  },
  'workspaces.list': { kind: 'user' },
  'workspaces.get': { kind: 'ws', guestAllowed: true, resourceless: true },
  'workspaces.updateSettings': {
    kind: 'ws',
    input: () => ({ name: 'Hijacked' }),
    resourceless: true,
  },
  'workspaces.joinByEmailDomain': { kind: 'ws', resourceless: true },
  'invites.create': { kind: 'ws', resourceless: true },
  'invites.accept': { kind: 'user', input: () => ({ token: 'not-a-real-token-at-all' }) },
  'invites.preview': { kind: 'public' },
  'invites.revoke': { kind: 'ws', input: (f) => ({ inviteId: f.inviteId }) },
  'invites.list': { kind: 'ws', resourceless: true },
  'members.list': { kind: 'ws', guestAllowed: true, resourceless: true },
  'members.changeRole': { kind: 'ws', input: (f) => ({ userId: f.member, role: 'admin' }) },
  'members.deactivate': { kind: 'ws', input: (f) => ({ userId: f.member }) },
  'members.reactivate': { kind: 'ws', input: (f) => ({ userId: f.deactivatedMember }) },
  'channels.create': { kind: 'ws', input: () => ({ name: 'sneaky' }), resourceless: true },
  'channels.browse': { kind: 'ws', guestAllowed: true, resourceless: true },
  'channels.mine': { kind: 'ws', guestAllowed: true, resourceless: true },
  'channels.join': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'channels.leave': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'channels.addMembers': { kind: 'ws', input: (f) => ({ channelId: f.P, userIds: [f.guest] }) },
  'channels.removeMember': { kind: 'ws', input: (f) => ({ channelId: f.P, userId: f.member }) },
  'channels.archive': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'channels.unarchive': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'channels.rename': { kind: 'ws', input: (f) => ({ channelId: f.P, name: 'renamed' }) },
  'channels.setTopic': { kind: 'ws', input: (f) => ({ channelId: f.P, topic: 'pwned' }) },
  'channels.setPrefs': { kind: 'ws', input: (f) => ({ channelId: f.P, muted: true }) },
  'channels.openDm': { kind: 'ws', input: (f) => ({ userIds: [f.member] }), guestAllowed: true },
  'channels.get': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'channels.members': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'messages.send': { kind: 'ws', input: (f) => ({ channelId: f.P, body: 'intrusion' }) },
  'messages.edit': { kind: 'ws', input: (f) => ({ messageId: f.messageId, body: 'changed' }) },
  'messages.delete': { kind: 'ws', input: (f) => ({ messageId: f.messageId }) },
  'messages.addReaction': { kind: 'ws', input: (f) => ({ messageId: f.messageId, emoji: '👍' }) },
  'messages.removeReaction': {
    kind: 'ws',
    input: (f) => ({ messageId: f.messageId, emoji: '👍' }),
  },
  'messages.pin': { kind: 'ws', input: (f) => ({ messageId: f.messageId }) },
  'messages.unpin': { kind: 'ws', input: (f) => ({ messageId: f.messageId }) },
  'messages.pins': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'messages.history': { kind: 'ws', input: (f) => ({ channelId: f.P }) },
  'messages.thread': { kind: 'ws', input: (f) => ({ rootId: f.messageId }) },
  'readState.markRead': { kind: 'ws', input: (f) => ({ channelId: f.P, seq: 1 }) },
  'readState.sidebar': { kind: 'ws', guestAllowed: true, resourceless: true },
  'admin.auditLog': { kind: 'ws', resourceless: true },
  'admin.createWebhook': {
    kind: 'ws',
    input: () => ({ name: 'hook', url: 'https://example.com/hook' }),
    resourceless: true,
  },
  'admin.listWebhooks': { kind: 'ws', resourceless: true },
  'admin.deleteWebhook': {
    kind: 'ws',
    input: () => ({ webhookId: '01900000-0000-7000-8000-000000000000' }),
  },
  'files.requestUpload': {
    kind: 'ws',
    input: () => ({ name: 'a.txt', contentType: 'text/plain', size: 1 }),
    resourceless: true,
    guestAllowed: true,
  },
  'files.complete': {
    kind: 'ws',
    input: () => ({ fileId: '01900000-0000-7000-8000-000000000000' }),
  },
  'files.downloadUrl': {
    kind: 'ws',
    input: () => ({ fileId: '01900000-0000-7000-8000-000000000000' }),
  },
  'realtime.ticket': { kind: 'ws', resourceless: true, guestAllowed: true },
  'search.messages': {
    kind: 'ws',
    input: () => ({ query: 'secret' }),
    resourceless: true,
    guestAllowed: true,
  },
  'threads.follow': { kind: 'ws', input: (f) => ({ rootId: f.messageId }) },
  'threads.unfollow': { kind: 'ws', input: (f) => ({ rootId: f.messageId }) },
  'threads.followState': { kind: 'ws', input: (f) => ({ rootId: f.messageId }) },
  'push.vapidPublicKey': { kind: 'user' },
  'push.subscribe': {
    kind: 'user',
    input: () => ({
      endpoint: 'https://push.example.com/send/abc',
      keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
    }),
  },
  'push.unsubscribe': { kind: 'user', input: () => ({ endpoint: 'https://push.example.com/x' }) },
  'notifications.prefs': { kind: 'user' },
  'notifications.setPrefs': { kind: 'user', input: () => ({ emailNotifications: false }) },
};

let h: ServiceHarness;
let f: Fixture;
const REFUSED = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'];

beforeAll(async () => {
  h = await createServiceHarness();
  const db = h.deps.db;
  const { workspace, ownerId } = await createWorkspace(db);
  const W = workspace.id;
  const member = (await createMember(db, W, 'member')).id;
  const guest = (await createMember(db, W, 'guest')).id;
  const deactivatedMember = (await createMember(db, W, 'member')).id;
  const deactivatedAccount = (await createMember(db, W, 'admin', { deactivatedAt: new Date() })).id;
  const P = (
    await createChannel(db, {
      workspaceId: W,
      kind: 'private',
      memberIds: [ownerId, member, deactivatedMember, deactivatedAccount],
    })
  ).id;
  const { message } = await h.services.messages.sendMessage(userActor(ownerId, W), {
    channelId: P,
    body: 'secret plans',
  });
  await h.services.messages.addReaction(userActor(member, W), {
    messageId: message.id,
    emoji: '👍',
  });
  await h.services.messages.pinMessage(userActor(member, W), { messageId: message.id });
  const { invite } = await h.services.invites.createInvite(userActor(ownerId, W), {});
  await db.membership.update({
    where: { workspaceId_userId: { workspaceId: W, userId: deactivatedMember } },
    data: { deactivatedAt: new Date() },
  });
  const outsider = (await createUser(db)).id;
  const other = await createWorkspace(db);
  f = {
    W,
    W2: other.workspace.id,
    P,
    messageId: message.id,
    inviteId: invite.id,
    owner: ownerId,
    member,
    guest,
    outsider,
    otherUser: other.ownerId,
    deactivatedMember,
    deactivatedAccount,
  };
});
afterAll(async () => h.close());

const procedurePaths = Object.keys(appRouter._def.procedures);

async function call(userId: string | null, path: string, input: unknown): Promise<unknown> {
  const caller = h.caller(userId) as unknown as Record<
    string,
    Record<string, (i: unknown) => Promise<unknown>>
  >;
  const [ns, name] = path.split('.') as [string, string];
  return caller[ns]![name]!(input);
}

async function expectRefused(userId: string | null, path: string, input: unknown) {
  const outcome = await call(userId, path, input).then(
    () => 'allowed',
    (error: unknown) => (error instanceof TRPCError ? error.code : `unexpected ${String(error)}`),
  );
  expect
    .soft(
      REFUSED,
      `${path} as ${userId ?? 'signed out'} with ${JSON.stringify(input)} → ${outcome}`,
    )
    .toContain(outcome);
}

async function snapshot() {
  const db = h.deps.db;
  const [
    messages,
    channels,
    channelMembers,
    memberships,
    invites,
    reactions,
    pins,
    outbox,
    audit,
    workspaces,
    revoked,
    deactivated,
    topics,
    threadFollowers,
    pushSubscriptions,
    emailOff,
  ] = await Promise.all([
    db.message.count(),
    db.channel.count(),
    db.channelMember.count(),
    db.membership.count(),
    db.invite.count(),
    db.reaction.count(),
    db.pin.count(),
    db.outboxEvent.count(),
    db.auditLog.count(),
    db.workspace.count(),
    db.invite.count({ where: { revokedAt: { not: null } } }),
    db.membership.count({ where: { deactivatedAt: { not: null } } }),
    db.channel.findMany({
      select: { name: true, topic: true, archivedAt: true },
      orderBy: { id: 'asc' },
    }),
    db.threadFollower.count(),
    db.pushSubscription.count(),
    db.user.count({ where: { emailNotifications: false } }),
  ]);
  return {
    messages,
    channels,
    channelMembers,
    memberships,
    invites,
    reactions,
    pins,
    outbox,
    audit,
    workspaces,
    revoked,
    deactivated,
    topics,
    threadFollowers,
    pushSubscriptions,
    emailOff,
  };
}

describe('authorization matrix over every tRPC procedure', () => {
  it('has an entry for every procedure', () => {
    expect(procedurePaths.filter((p) => !(p in matrix))).toEqual([]);
    expect(procedurePaths.length).toBeGreaterThanOrEqual(Object.keys(matrix).length);
  });

  it('refuses every non-public procedure when signed out', async () => {
    const before = await snapshot();
    for (const path of procedurePaths) {
      const entry = matrix[path]!;
      if (entry.kind === 'public') continue;
      await expectRefused(null, path, {
        ...(entry.kind === 'ws' ? { workspaceId: f.W } : {}),
        ...entry.input?.(f),
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses outsiders, other workspaces, guests and deactivated members on workspace procedures', async () => {
    const before = await snapshot();
    for (const path of procedurePaths) {
      const entry = matrix[path]!;
      if (entry.kind !== 'ws') continue;
      const input = { workspaceId: f.W, ...entry.input?.(f) };
      await expectRefused(f.outsider, path, input);
      await expectRefused(f.otherUser, path, input);
      if (!entry.resourceless)
        await expectRefused(f.otherUser, path, { ...input, workspaceId: f.W2 });
      if (!entry.guestAllowed) await expectRefused(f.guest, path, input);
      await expectRefused(f.deactivatedMember, path, input);
      await expectRefused(f.deactivatedAccount, path, input);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a deactivated account on user procedures', async () => {
    const before = await snapshot();
    for (const path of procedurePaths) {
      const entry = matrix[path]!;
      if (entry.kind !== 'user') continue;
      await expectRefused(f.deactivatedAccount, path, entry.input?.(f) ?? undefined);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('still lets the rightful members do the same things (the matrix is not refusing everything)', async () => {
    const history = (await call(f.member, 'messages.history', {
      workspaceId: f.W,
      channelId: f.P,
    })) as { messages: { id: string }[] };
    expect(history.messages.map((m) => m.id)).toEqual([f.messageId]);
    const sidebar = (await call(f.guest, 'readState.sidebar', { workspaceId: f.W })) as {
      id: string;
    }[];
    expect(sidebar.map((c) => c.id)).not.toContain(f.P);
    const browse = (await call(f.guest, 'channels.browse', { workspaceId: f.W })) as {
      id: string;
    }[];
    expect(browse.map((c) => c.id)).not.toContain(f.P);
  });
});
