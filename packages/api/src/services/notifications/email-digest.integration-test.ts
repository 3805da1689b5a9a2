import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

const window = () => ({ olderThan: new Date(Date.now() + 1000), notBefore: new Date(0) });

async function setup() {
  const db = h.deps.db;
  const { workspace, ownerId } = await createWorkspace(db, { name: 'Digest Co' });
  const bob = await createMember(db, workspace.id);
  const channel = await createChannel(db, {
    workspaceId: workspace.id,
    name: `digest-${Date.now()}`,
    memberIds: [ownerId, bob.id],
  });
  const ada = userActor(ownerId, workspace.id);
  const mention = async (text: string) => {
    const { message } = await h.services.messages.sendMessage(ada, {
      channelId: channel.id,
      body: `<@${bob.id}> ${text}`,
    });
    await h.services.notifications.recordMessageNotifications({ messageId: message.id });
    return message;
  };
  const claim = () =>
    h.services.notifications.claimEmailDigest({
      userId: bob.id,
      workspaceId: workspace.id,
      ...window(),
    });
  return { workspace, ownerId, bob, channel, ada, mention, claim };
}

describe('email digest claims', () => {
  it('claims each due row once, even when two claims race; shows excerpts with names, not ids', async () => {
    const { bob, mention, claim, workspace } = await setup();
    await mention('first   thing');
    await mention('second thing');
    const [a, b] = await Promise.all([claim(), claim()]);
    const winner = a ?? b;
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(winner!.workspace).toEqual({ id: workspace.id, name: 'Digest Co' });
    expect(winner!.user.email).toBe(bob.email);
    expect(winner!.items.map((i) => i.excerpt)).toEqual([
      `@${bob.displayName} first thing`,
      `@${bob.displayName} second thing`,
    ]);
    expect(await claim()).toBeNull();

    // Releasing gives the rows back exactly once; a stale release (another claim time) does nothing.
    const ids = winner!.items.map((i) => i.notificationId);
    expect(
      await h.services.notifications.releaseEmailDigest({ ids, claimedAt: new Date(0) }),
    ).toEqual({ released: 0 });
    expect(
      await h.services.notifications.releaseEmailDigest({ ids, claimedAt: winner!.claimedAt }),
    ).toEqual({ released: 2 });
    expect((await claim())!.items).toHaveLength(2);
  });

  it('skips read, deleted, too-recent and opted-out rows, and deactivated members', async () => {
    const { bob, ada, channel, mention, claim, workspace } = await setup();
    const read = await mention('already read');
    await h.services.readState.markRead(
      { ...ada, id: bob.id },
      { channelId: channel.id, seq: read.seq },
    );
    const deleted = await mention('oops');
    await h.services.messages.deleteMessage(ada, { messageId: deleted.id });
    expect(await claim()).toBeNull();

    await mention('fresh');
    expect(
      await h.services.notifications.claimEmailDigest({
        userId: bob.id,
        workspaceId: workspace.id,
        olderThan: new Date(Date.now() - 60_000),
        notBefore: new Date(0),
      }),
    ).toBeNull();

    await h.services.notifications.setNotificationPrefs(bob.id, { emailNotifications: false });
    expect(
      await h.services.notifications.findEmailDigestCandidates({ ...window(), limit: 100 }),
    ).not.toContainEqual({ userId: bob.id, workspaceId: workspace.id });
    expect(await claim()).toBeNull();
    await h.services.notifications.setNotificationPrefs(bob.id, { emailNotifications: true });

    await h.deps.db.membership.update({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: bob.id } },
      data: { deactivatedAt: new Date() },
    });
    expect(await claim()).toBeNull();
    await h.deps.db.membership.update({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: bob.id } },
      data: { deactivatedAt: null },
    });
    expect((await claim())!.items.map((i) => i.excerpt)).toEqual([`@${bob.displayName} fresh`]);
  });
});
