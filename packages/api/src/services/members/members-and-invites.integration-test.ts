import { createMember, createUser, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

describe('accounts and workspaces', () => {
  it('signs up with a case-insensitive unique email and an argon2id hash, and verifies credentials', async () => {
    const user = await h.services.auth.signUp({
      email: 'Ada@Example.COM',
      password: 'correct horse',
      displayName: 'Ada',
    });
    expect(user.email).toBe('ada@example.com');
    const stored = await h.deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(
      h.services.auth.signUp({
        email: 'ADA@example.com',
        password: 'another one',
        displayName: 'Imposter',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(
      (
        await h.services.auth.verifyCredentials({
          email: 'ADA@EXAMPLE.com',
          password: 'correct horse',
        })
      ).id,
    ).toBe(user.id);
    await expect(
      h.services.auth.verifyCredentials({ email: 'ada@example.com', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      h.services.auth.verifyCredentials({ email: 'nobody@example.com', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      h.services.auth.signUp({ email: 'short@example.com', password: 'short', displayName: 'S' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('creates a workspace with its creator as owner in #general, and refuses a taken slug', async () => {
    const user = await createUser(h.deps.db);
    const ws = await h.services.workspaces.createWorkspace(user.id, {
      name: 'Acme',
      slug: 'acme-co',
    });
    expect(ws.role).toBe('owner');
    const channels = await h.services.channels.listMyChannels(userActor(user.id, ws.id));
    expect(channels.map((c) => c.name)).toEqual(['general']);
    expect((await h.services.workspaces.listMyWorkspaces(user.id)).map((w) => w.slug)).toEqual([
      'acme-co',
    ]);
    await expect(
      h.services.workspaces.createWorkspace(user.id, { name: 'Acme 2', slug: 'ACME-co' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('invites', () => {
  it('joins through a link once, into #general, with the invite role; the token is stored hashed', async () => {
    const { workspace, ownerId } = await createWorkspace(h.deps.db);
    const owner = userActor(ownerId, workspace.id);
    const { token, invite } = await h.services.invites.createInvite(owner, {
      role: 'member',
      maxUses: 1,
    });
    const stored = await h.deps.db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toHaveLength(64);

    const joiner = await createUser(h.deps.db);
    const ws = await h.services.invites.acceptInvite(joiner.id, { token });
    expect(ws).toMatchObject({ id: workspace.id, role: 'member' });
    expect(
      (await h.services.channels.listMyChannels(userActor(joiner.id, workspace.id))).map(
        (c) => c.name,
      ),
    ).toEqual(['general']);
    // Accepting again is harmless; a second person finds it used up.
    await h.services.invites.acceptInvite(joiner.id, { token });
    await expect(
      h.services.invites.acceptInvite((await createUser(h.deps.db)).id, { token }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('used up') });
  });

  it('refuses expired, revoked, unknown and wrong-email invites', async () => {
    const { workspace, ownerId } = await createWorkspace(h.deps.db);
    const owner = userActor(ownerId, workspace.id);
    const someone = await createUser(h.deps.db);

    const expired = await h.services.invites.createInvite(owner, { expiresInHours: 1 });
    await h.deps.db.invite.update({
      where: { id: expired.invite.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      h.services.invites.acceptInvite(someone.id, { token: expired.token }),
    ).rejects.toMatchObject({ message: expect.stringContaining('expired') });

    const revoked = await h.services.invites.createInvite(owner, {});
    await h.services.invites.revokeInvite(owner, { inviteId: revoked.invite.id });
    await expect(
      h.services.invites.acceptInvite(someone.id, { token: revoked.token }),
    ).rejects.toMatchObject({ message: expect.stringContaining('revoked') });

    const addressed = await h.services.invites.createInvite(owner, { email: 'exact@example.test' });
    await expect(
      h.services.invites.acceptInvite(someone.id, { token: addressed.token }),
    ).rejects.toMatchObject({ message: expect.stringContaining('different email') });
    await expect(
      h.services.invites.acceptInvite(someone.id, { token: 'x'.repeat(43) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.deps.db.membership.count({ where: { workspaceId: workspace.id } })).toBe(1);

    const member = await createMember(h.deps.db, workspace.id, 'member');
    await expect(
      h.services.invites.createInvite(userActor(member.id, workspace.id), {}),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('roles and deactivation', () => {
  it('lets admins manage members but never demote an owner; the last owner stays', async () => {
    const { workspace, ownerId } = await createWorkspace(h.deps.db);
    const owner = userActor(ownerId, workspace.id);
    const admin = await createMember(h.deps.db, workspace.id, 'admin');
    const member = await createMember(h.deps.db, workspace.id, 'member');
    const asAdmin = userActor(admin.id, workspace.id);

    await h.services.members.changeRole(asAdmin, { userId: member.id, role: 'guest' });
    await expect(
      h.services.members.changeRole(asAdmin, { userId: ownerId, role: 'member' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.members.changeRole(asAdmin, { userId: member.id, role: 'owner' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.members.deactivateMember(asAdmin, { userId: ownerId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.members.changeRole(owner, { userId: ownerId, role: 'admin' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('at least one owner') });

    await h.services.members.changeRole(owner, { userId: admin.id, role: 'owner' });
    await h.services.members.changeRole(owner, { userId: ownerId, role: 'admin' }); // now there is another owner
    const roles = await h.services.members.listMembers(owner, {});
    expect(Object.fromEntries(roles.map((m) => [m.id, m.role]))).toEqual({
      [ownerId]: 'admin',
      [admin.id]: 'owner',
      [member.id]: 'guest',
    });
    expect(
      await h.deps.db.auditLog.count({
        where: { workspaceId: workspace.id, action: 'member.role_changed' },
      }),
    ).toBe(3);
  });

  it('shuts a deactivated member out of everything until reactivated', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const owner = userActor(ownerId, workspace.id);
    const member = await createMember(h.deps.db, workspace.id, 'member');
    const asMember = userActor(member.id, workspace.id);
    await h.services.channels.joinChannel(asMember, { channelId: general.id });
    await h.services.members.deactivateMember(owner, { userId: member.id });
    await expect(
      h.services.messages.sendMessage(asMember, { channelId: general.id, body: 'hi' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.history.getHistory(asMember, { channelId: general.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await h.deps.db.outboxEvent.count({
        where: { type: 'member.deactivated', workspaceId: workspace.id },
      }),
    ).toBe(1);
    await h.services.members.reactivateMember(owner, { userId: member.id });
    await h.services.messages.sendMessage(asMember, { channelId: general.id, body: 'back' });
  });
});
