import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

async function setup() {
  const { workspace, ownerId } = await createWorkspace(h.deps.db);
  const bob = await createMember(h.deps.db, workspace.id, 'member', { displayName: 'Bob Builder' });
  const channel = await createChannel(h.deps.db, {
    workspaceId: workspace.id,
    memberIds: [ownerId, bob.id],
  });
  return {
    alice: userActor(ownerId, workspace.id),
    bob: userActor(bob.id, workspace.id),
    channelId: channel.id,
  };
}

const row = (
  sidebar: { id: string; unreadCount: number; mentionCount: number; lastReadSeq: number }[],
  id: string,
) => sidebar.find((c) => c.id === id)!;

describe('read state and sidebar counts', () => {
  it('counts unread messages and mentions from others, and clears them on mark-read', async () => {
    const { alice, bob, channelId } = await setup();
    await h.services.messages.sendMessage(alice, { channelId, body: 'hello' });
    await h.services.messages.sendMessage(alice, { channelId, body: 'hey @bobbuilder' });
    await h.services.messages.sendMessage(alice, { channelId, body: `<@${bob.id}> and @here` });
    await h.services.messages.sendMessage(bob, { channelId, body: 'my own message' });

    // Bob's own message marked him read up to seq 4; rewind to see counts from Alice's messages.
    await h.deps.db.channelMember.update({
      where: { channelId_userId: { channelId, userId: bob.id } },
      data: { lastReadSeq: 0 },
    });
    let sidebar = await h.services.readState.getSidebar(bob);
    expect(row(sidebar, channelId)).toMatchObject({
      unreadCount: 3,
      mentionCount: 2,
      lastReadSeq: 0,
    });
    expect(row(await h.services.readState.getSidebar(alice), channelId)).toMatchObject({
      unreadCount: 1,
      mentionCount: 0,
    });

    expect(await h.services.readState.markRead(bob, { channelId, seq: 2 })).toEqual({
      lastReadSeq: 2,
    });
    sidebar = await h.services.readState.getSidebar(bob);
    expect(row(sidebar, channelId)).toMatchObject({
      unreadCount: 1,
      mentionCount: 1,
      lastReadSeq: 2,
    });

    expect(await h.services.readState.markRead(bob, { channelId, seq: 4 })).toEqual({
      lastReadSeq: 4,
    });
    expect(row(await h.services.readState.getSidebar(bob), channelId)).toMatchObject({
      unreadCount: 0,
      mentionCount: 0,
    });
  });

  it('never moves read state backwards or past the last message, and publishes changes only', async () => {
    const { alice, bob, channelId } = await setup();
    for (let i = 0; i < 3; i++)
      await h.services.messages.sendMessage(alice, { channelId, body: `m${i}` });
    expect(await h.services.readState.markRead(bob, { channelId, seq: 99 })).toEqual({
      lastReadSeq: 3,
    });
    const events = await h.deps.db.outboxEvent.count({
      where: { channelId, type: 'read.updated' },
    });
    expect(await h.services.readState.markRead(bob, { channelId, seq: 1 })).toEqual({
      lastReadSeq: 3,
    });
    expect(await h.deps.db.outboxEvent.count({ where: { channelId, type: 'read.updated' } })).toBe(
      events,
    );
  });

  it('does not count deleted messages or thread replies as channel unreads', async () => {
    const { alice, bob, channelId } = await setup();
    const { message } = await h.services.messages.sendMessage(alice, { channelId, body: 'root' });
    await h.services.messages.sendMessage(alice, {
      channelId,
      body: `reply for <@${bob.id}>`,
      threadRootId: message.id,
    });
    const gone = await h.services.messages.sendMessage(alice, { channelId, body: 'oops' });
    await h.services.messages.deleteMessage(alice, { messageId: gone.message.id });
    expect(row(await h.services.readState.getSidebar(bob), channelId)).toMatchObject({
      unreadCount: 1,
      mentionCount: 1,
    });
  });
});
