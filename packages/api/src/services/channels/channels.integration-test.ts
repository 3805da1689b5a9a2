import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

async function team() {
  const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
  const bob = await createMember(h.deps.db, workspace.id);
  const carol = await createMember(h.deps.db, workspace.id);
  const guest = await createMember(h.deps.db, workspace.id, 'guest');
  const as = (id: string) => userActor(id, workspace.id);
  return {
    ws: workspace.id,
    general: general.id,
    alice: as(ownerId),
    bob: as(bob.id),
    carol: as(carol.id),
    guest: as(guest.id),
  };
}

describe('channels', () => {
  it('creates, browses, joins and leaves public channels; private ones stay hidden', async () => {
    const t = await team();
    const pub = await h.services.channels.createChannel(t.bob, { name: 'Design-Team' });
    expect(pub.name).toBe('design-team');
    await expect(
      h.services.channels.createChannel(t.carol, { name: 'design-team' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      h.services.channels.createChannel(t.bob, { name: 'has spaces' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const priv = await h.services.channels.createChannel(t.bob, {
      name: 'secret',
      kind: 'private',
    });

    const browse = await h.services.channels.browseChannels(t.carol, {});
    expect(browse.map((c) => c.name).sort()).toEqual(['design-team', 'general']);
    await expect(
      h.services.channels.joinChannel(t.carol, { channelId: priv.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await h.services.channels.joinChannel(t.carol, { channelId: pub.id });
    await h.services.messages.sendMessage(t.carol, { channelId: pub.id, body: 'hi' });
    await h.services.channels.leaveChannel(t.carol, { channelId: pub.id });
    await expect(
      h.services.messages.sendMessage(t.carol, { channelId: pub.id, body: 'still here?' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.channels.leaveChannel(t.alice, { channelId: t.general }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await h.deps.db.outboxEvent.count({
        where: {
          channelId: pub.id,
          type: { in: ['channel.member_joined', 'channel.member_left'] },
        },
      }),
    ).toBe(2);
  });

  it('keeps guests to the channels they were added to, and only admins add guests', async () => {
    const t = await team();
    const pub = await h.services.channels.createChannel(t.bob, { name: 'launch' });
    await expect(
      h.services.channels.joinChannel(t.guest, { channelId: pub.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.history.getHistory(t.guest, { channelId: pub.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      h.services.channels.createChannel(t.guest, { name: 'guest-room' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.channels.addChannelMembers(t.bob, { channelId: pub.id, userIds: [t.guest.id] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await h.services.channels.joinChannel(t.alice, { channelId: pub.id });
    expect(
      await h.services.channels.addChannelMembers(t.alice, {
        channelId: pub.id,
        userIds: [t.guest.id],
      }),
    ).toEqual({ added: [t.guest.id] });
    await h.services.messages.sendMessage(t.guest, {
      channelId: pub.id,
      body: 'hello from a guest',
    });
  });

  it('makes archived channels read-only, and only admins or the creator archive, rename or remove', async () => {
    const t = await team();
    const ch = await h.services.channels.createChannel(t.bob, {
      name: 'old-project',
      memberIds: [t.carol.id],
    });
    const { message } = await h.services.messages.sendMessage(t.carol, {
      channelId: ch.id,
      body: 'last words',
    });
    await expect(
      h.services.channels.archiveChannel(t.carol, { channelId: ch.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      h.services.channels.archiveChannel(t.alice, { channelId: t.general }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await h.services.channels.renameChannel(t.bob, { channelId: ch.id, name: 'older-project' });
    await h.services.channels.archiveChannel(t.bob, { channelId: ch.id });
    await expect(
      h.services.messages.sendMessage(t.carol, { channelId: ch.id, body: 'hello?' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('archived') });
    await expect(
      h.services.messages.addReaction(t.carol, { messageId: message.id, emoji: 'wave' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      (await h.services.history.getHistory(t.carol, { channelId: ch.id })).messages,
    ).toHaveLength(1);
    await h.services.channels.unarchiveChannel(t.alice, { channelId: ch.id });
    await h.services.channels.removeChannelMember(t.bob, { channelId: ch.id, userId: t.carol.id });
    await expect(
      h.services.messages.sendMessage(t.carol, { channelId: ch.id, body: 'let me back' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('finds or creates one DM / group DM per member set, in any order, even concurrently', async () => {
    const t = await team();
    const [a, b, c] = await Promise.all([
      h.services.channels.openDm(t.alice, { userIds: [t.bob.id] }),
      h.services.channels.openDm(t.bob, { userIds: [t.alice.id] }),
      h.services.channels.openDm(t.alice, { userIds: [t.bob.id, t.alice.id] }),
    ]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(a.kind).toBe('dm');
    const groups = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.services.channels.openDm(i % 2 ? t.carol : t.alice, {
          userIds: i % 2 ? [t.bob.id, t.alice.id] : [t.carol.id, t.bob.id],
        }),
      ),
    );
    expect(new Set(groups.map((g) => g.id)).size).toBe(1);
    expect(groups[0]!.kind).toBe('group_dm');
    expect(await h.deps.db.channelMember.count({ where: { channelId: groups[0]!.id } })).toBe(3);
    await expect(h.services.history.getHistory(t.carol, { channelId: a.id })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
  });
});

describe('message operations', () => {
  it('edits own messages only, reacts idempotently, pins, and deletes replies from the thread count', async () => {
    const t = await team();
    const ch = await createChannel(h.deps.db, {
      workspaceId: t.ws,
      memberIds: [t.alice.id, t.bob.id],
    });
    const { message } = await h.services.messages.sendMessage(t.alice, {
      channelId: ch.id,
      body: 'first draft',
    });
    await expect(
      h.services.messages.editMessage(t.bob, { messageId: message.id, body: 'hijack' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const edited = await h.services.messages.editMessage(t.alice, {
      messageId: message.id,
      body: 'final, @channel',
    });
    expect(edited.body).toBe('final, @channel');
    expect(edited.editedAt).not.toBeNull();
    expect(
      await h.deps.db.mention.count({ where: { messageId: message.id, kind: 'channel' } }),
    ).toBe(1);

    expect(
      await h.services.messages.addReaction(t.bob, { messageId: message.id, emoji: '🎉' }),
    ).toEqual({ added: true });
    expect(
      await h.services.messages.addReaction(t.bob, { messageId: message.id, emoji: '🎉' }),
    ).toEqual({ added: false });
    await h.services.messages.addReaction(t.alice, { messageId: message.id, emoji: '🎉' });
    await h.services.messages.pinMessage(t.bob, { messageId: message.id });
    const pins = await h.services.messages.listPins(t.alice, { channelId: ch.id });
    expect(pins[0]).toMatchObject({
      id: message.id,
      pinned: true,
      reactions: [{ emoji: '🎉', count: 2 }],
    });
    expect(
      await h.services.messages.removeReaction(t.bob, { messageId: message.id, emoji: '🎉' }),
    ).toEqual({ removed: true });

    const reply = await h.services.messages.sendMessage(t.bob, {
      channelId: ch.id,
      body: 'a reply',
      threadRootId: message.id,
    });
    await expect(
      h.services.messages.sendMessage(t.bob, {
        channelId: ch.id,
        body: 'nested',
        threadRootId: reply.message.id,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      (await h.services.history.getThread(t.alice, { rootId: message.id })).root.replyCount,
    ).toBe(1);
    // Alice owns the workspace, so she may delete Bob's reply as an admin.
    await h.services.messages.deleteMessage(t.alice, { messageId: reply.message.id });
    expect(
      (await h.services.history.getThread(t.alice, { rootId: message.id })).root.replyCount,
    ).toBe(0);
    expect(
      await h.deps.db.auditLog.count({
        where: { action: 'message.deleted_by_admin', targetId: reply.message.id },
      }),
    ).toBe(1);
  });
});
