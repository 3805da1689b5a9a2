import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
let actor: ReturnType<typeof userActor>;
let channelId: string;
let rootId: string;

beforeAll(async () => {
  h = await createServiceHarness();
  const { workspace, ownerId } = await createWorkspace(h.deps.db);
  channelId = (await createChannel(h.deps.db, { workspaceId: workspace.id, memberIds: [ownerId] }))
    .id;
  actor = userActor(ownerId, workspace.id);
  // 120 top-level messages (seq 1..120, with thread replies interleaved at seq 11..15 after message 10).
  for (let i = 1; i <= 10; i++)
    await h.services.messages.sendMessage(actor, { channelId, body: `m${i}` });
  rootId = (await h.services.history.getHistory(actor, { channelId })).messages.at(-1)!.id;
  for (let i = 1; i <= 5; i++)
    await h.services.messages.sendMessage(actor, {
      channelId,
      body: `reply ${i}`,
      threadRootId: rootId,
    });
  for (let i = 11; i <= 120; i++)
    await h.services.messages.sendMessage(actor, { channelId, body: `m${i}` });
});
afterAll(async () => h.close());

const bodies = (page: { messages: { body: string }[] }) => page.messages.map((m) => m.body);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

describe('history pagination', () => {
  it('returns the newest 50 top-level messages in ascending order', async () => {
    const page = await h.services.history.getHistory(actor, { channelId });
    expect(bodies(page)).toEqual(range(71, 120));
    expect(page.hasMoreBefore).toBe(true);
    expect(page.hasMoreAfter).toBe(false);
  });

  it('walks backwards across page boundaries without gaps or repeats, skipping thread replies', async () => {
    const seen: string[] = [];
    let page = await h.services.history.getHistory(actor, { channelId });
    seen.unshift(...bodies(page));
    while (page.hasMoreBefore) {
      page = await h.services.history.getHistory(actor, {
        channelId,
        before: page.messages[0]!.seq,
      });
      expect(page.hasMoreAfter).toBe(true);
      seen.unshift(...bodies(page));
    }
    expect(seen).toEqual(range(1, 120));
  });

  it('pages forwards with after, and centres on a seq with around', async () => {
    const first = await h.services.history.getHistory(actor, { channelId, after: 0, limit: 20 });
    expect(bodies(first)).toEqual(range(1, 20));
    expect(first.hasMoreBefore).toBe(false);
    expect(first.hasMoreAfter).toBe(true);
    // 125 seqs in all (the 5 replies took seqs 11..15): seqs 106..125 are m101..m120.
    const last = await h.services.history.getHistory(actor, { channelId, after: 105 });
    expect(bodies(last)).toEqual(range(101, 120));
    expect(last.hasMoreAfter).toBe(false);

    const target = (await h.services.history.getHistory(actor, { channelId, after: 0, limit: 50 }))
      .messages[29]!; // m30
    const around = await h.services.history.getHistory(actor, {
      channelId,
      around: target.seq,
      limit: 10,
    });
    expect(bodies(around)).toEqual(range(25, 34));
    expect(around.hasMoreBefore && around.hasMoreAfter).toBe(true);
  });

  it('reads threads separately, with the root and its replies in order', async () => {
    const thread = await h.services.history.getThread(actor, { rootId });
    expect(thread.root.body).toBe('m10');
    expect(thread.root.replyCount).toBe(5);
    expect(thread.replies.map((r) => r.body)).toEqual([
      'reply 1',
      'reply 2',
      'reply 3',
      'reply 4',
      'reply 5',
    ]);
    const rest = await h.services.history.getThread(actor, {
      rootId,
      after: thread.replies[2]!.seq,
    });
    expect(rest.replies.map((r) => r.body)).toEqual(['reply 4', 'reply 5']);
  });

  it('rejects contradictory or malformed paging', async () => {
    await expect(
      h.services.history.getHistory(actor, { channelId, before: 5, after: 2 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      h.services.history.getHistory(actor, { channelId, limit: 500 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      h.services.history.getHistory(actor, { channelId, before: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keeps deleted messages as tombstones in history', async () => {
    const other = await createMember(h.deps.db, actor.workspaceId);
    const victim = (await h.services.history.getHistory(actor, { channelId })).messages.at(-1)!;
    await expect(
      h.services.messages.deleteMessage(userActor(other.id, actor.workspaceId), {
        messageId: victim.id,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await h.services.messages.deleteMessage(actor, { messageId: victim.id });
    const page = await h.services.history.getHistory(actor, { channelId });
    const tomb = page.messages.at(-1)!;
    expect(tomb.id).toBe(victim.id);
    expect(tomb.deletedAt).not.toBeNull();
    expect(tomb.body).toBe('');
  });
});
