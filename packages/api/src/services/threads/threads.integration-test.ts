import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

/** A channel of five: Ada (owner), Bob, Carol, Dave, Eve. */
async function setup() {
  const db = h.deps.db;
  const { workspace, ownerId } = await createWorkspace(db);
  const [bob, carol, dave, eve] = await Promise.all(
    [1, 2, 3, 4].map(() => createMember(db, workspace.id)),
  );
  const ids = { ada: ownerId, bob: bob!.id, carol: carol!.id, dave: dave!.id, eve: eve!.id };
  const channel = await createChannel(db, {
    workspaceId: workspace.id,
    memberIds: Object.values(ids),
  });
  const as = (who: keyof typeof ids) => userActor(ids[who], workspace.id);
  const send = async (who: keyof typeof ids, body: string, threadRootId?: string) =>
    (
      await h.services.messages.sendMessage(as(who), {
        channelId: channel.id,
        body,
        ...(threadRootId ? { threadRootId } : {}),
      })
    ).message;
  const notified = async (messageId: string) =>
    (
      await db.notification.findMany({
        where: { messageId },
        select: { userId: true, kind: true },
        orderBy: { userId: 'asc' },
      })
    )
      .map((n) => `${Object.entries(ids).find(([, v]) => v === n.userId)![0]}:${n.kind}`)
      .sort();
  const record = (messageId: string) =>
    h.services.notifications.recordMessageNotifications({ messageId });
  return { workspace, ids, channel, as, send, notified, record };
}

describe('thread followers', () => {
  it('auto-follows the root author, repliers and people mentioned in replies; replies notify followers only', async () => {
    const { ids, send, notified, record } = await setup();
    const root = await send('ada', 'release plan');
    const r1 = await send('bob', 'looks good', root.id);
    await record(root.id);
    await record(r1.id);
    expect(await notified(r1.id)).toEqual(['ada:thread_reply']);

    const r2 = await send('carol', `asking <@${ids.dave}>`, root.id);
    await record(r2.id);
    expect(await notified(r2.id)).toEqual(['ada:thread_reply', 'bob:thread_reply', 'dave:mention']);

    // Dave was mentioned in a reply, so he follows now; Eve never took part and is not notified.
    const r3 = await send('ada', 'thanks all', root.id);
    await record(r3.id);
    expect(await notified(r3.id)).toEqual([
      'bob:thread_reply',
      'carol:thread_reply',
      'dave:thread_reply',
    ]);
    const followers = await h.deps.db.threadFollower.findMany({
      where: { threadRootId: root.id },
      select: { userId: true, following: true },
    });
    expect(new Set(followers.map((f) => f.userId))).toEqual(
      new Set([ids.ada, ids.bob, ids.carol, ids.dave]),
    );
    expect(followers.every((f) => f.following)).toBe(true);
  });

  it('an explicit unfollow sticks even after replying again; an explicit follow adds a bystander', async () => {
    const { workspace, ids, send, notified, record } = await setup();
    const root = await send('ada', 'incident review');
    const r1 = await send('bob', 'I was on call', root.id);
    await record(r1.id);

    const bobCaller = h.caller(ids.bob);
    expect(
      await bobCaller.threads.followState({ workspaceId: workspace.id, rootId: root.id }),
    ).toEqual({ rootId: root.id, following: true });
    expect(
      await bobCaller.threads.unfollow({ workspaceId: workspace.id, rootId: root.id }),
    ).toEqual({ rootId: root.id, following: false });
    await h.caller(ids.eve).threads.follow({ workspaceId: workspace.id, rootId: root.id });

    const r2 = await send('ada', 'timeline please', root.id);
    await record(r2.id);
    expect(await notified(r2.id)).toEqual(['eve:thread_reply']);

    // Bob replies again: the automatic follow does not override his unfollow.
    const r3 = await send('bob', 'one more thing', root.id);
    await record(r3.id);
    const r4 = await send('carol', `<@${ids.bob}> noted`, root.id);
    await record(r4.id);
    expect(await notified(r4.id)).toEqual(['ada:thread_reply', 'bob:mention', 'eve:thread_reply']);
    expect(
      await bobCaller.threads.followState({ workspaceId: workspace.id, rootId: root.id }),
    ).toEqual({ rootId: root.id, following: false });

    // Following again is possible.
    await bobCaller.threads.follow({ workspaceId: workspace.id, rootId: root.id });
    const r5 = await send('dave', 'done', root.id);
    await record(r5.id);
    expect(await notified(r5.id)).toContain('bob:thread_reply');
  });

  it('does not depend on the order the notification jobs run in, and a retry creates nothing', async () => {
    const { send, notified, record } = await setup();
    const root = await send('ada', 'order test');
    const r1 = await send('bob', 'first', root.id);
    const r2 = await send('carol', 'second', root.id);
    await record(r2.id); // processed before r1 (concurrent workers)
    await record(r1.id);
    expect(await notified(r2.id)).toEqual(['ada:thread_reply', 'bob:thread_reply']);
    expect(await record(r2.id)).toEqual({ created: 0 });
  });

  it('reports the implied state before the worker ran, and refuses replies and unreadable threads', async () => {
    const { workspace, ids, send } = await setup();
    const root = await send('ada', 'question');
    const reply = await send('bob', `cc <@${ids.carol}>`, root.id);
    const state = (who: string) =>
      h.caller(who).threads.followState({ workspaceId: workspace.id, rootId: root.id });
    expect((await state(ids.ada)).following).toBe(true);
    expect((await state(ids.bob)).following).toBe(true);
    expect((await state(ids.carol)).following).toBe(true);
    expect((await state(ids.dave)).following).toBe(false);
    await expect(
      h.caller(ids.bob).threads.follow({ workspaceId: workspace.id, rootId: reply.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const outsiderWs = await createWorkspace(h.deps.db);
    const secret = await createChannel(h.deps.db, {
      workspaceId: workspace.id,
      kind: 'private',
      memberIds: [ids.ada],
    });
    const hidden = (
      await h.services.messages.sendMessage(userActor(ids.ada, workspace.id), {
        channelId: secret.id,
        body: 'private root',
      })
    ).message;
    await expect(
      h.caller(ids.bob).threads.follow({ workspaceId: workspace.id, rootId: hidden.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      h.caller(outsiderWs.ownerId).threads.follow({
        workspaceId: outsiderWs.workspace.id,
        rootId: root.id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.deps.db.threadFollower.count({ where: { threadRootId: hidden.id } })).toBe(0);
  });
});
