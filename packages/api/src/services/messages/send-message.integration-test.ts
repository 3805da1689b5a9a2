import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

async function channelWithMembers(count: number) {
  const { workspace, ownerId } = await createWorkspace(h.deps.db);
  const members = [ownerId];
  for (let i = 1; i < count; i++) members.push((await createMember(h.deps.db, workspace.id)).id);
  const channel = await createChannel(h.deps.db, { workspaceId: workspace.id, memberIds: members });
  return { workspaceId: workspace.id, channelId: channel.id, members };
}

/**
 * Runs `fn` with a PostgreSQL trigger on messages that refuses the body 'explode' (failing every
 * send in its statement) and takes 300 ms over bodies starting with 'slow'.
 */
async function withRefusingTrigger(fn: () => Promise<void>) {
  await h.deps.db.$executeRawUnsafe(`
    CREATE FUNCTION refuse_explode() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.body = 'explode' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
      IF NEW.body LIKE 'slow%' THEN PERFORM pg_sleep(0.3); END IF;
      RETURN NEW;
    END $$`);
  await h.deps.db.$executeRawUnsafe(
    'CREATE TRIGGER refuse_explode BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_explode()',
  );
  try {
    await fn();
  } finally {
    await h.deps.db.$executeRawUnsafe('DROP TRIGGER refuse_explode ON messages');
    await h.deps.db.$executeRawUnsafe('DROP FUNCTION refuse_explode');
  }
}

describe('sendMessage', () => {
  it('gives 50 concurrent senders seq 1..50 with no gap or duplicate', async () => {
    const { workspaceId, channelId, members } = await channelWithMembers(5);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.services.messages.sendMessage(userActor(members[i % members.length]!, workspaceId), {
          channelId,
          body: `message ${i}`,
        }),
      ),
    );
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await h.deps.db.message.findMany({
      where: { channelId },
      orderBy: { seq: 'asc' },
      select: { seq: true },
    });
    expect(stored.map((m) => m.seq)).toEqual(seqs);
    expect((await h.deps.db.channel.findUniqueOrThrow({ where: { id: channelId } })).lastSeq).toBe(
      50,
    );
    expect(
      await h.deps.db.outboxEvent.count({ where: { channelId, type: 'message.created' } }),
    ).toBe(50);
  });

  it('returns the original message when a clientMsgId is retried, sequentially or concurrently', async () => {
    const { workspaceId, channelId, members } = await channelWithMembers(1);
    const actor = userActor(members[0]!, workspaceId);
    const input = { channelId, body: 'hello once', clientMsgId: 'client-1' };
    const first = await h.services.messages.sendMessage(actor, input);
    const again = await h.services.messages.sendMessage(actor, input);
    expect(again.duplicate).toBe(true);
    expect(again.message.id).toBe(first.message.id);
    expect(again.message.seq).toBe(first.message.seq);

    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.services.messages.sendMessage(actor, {
          channelId,
          body: 'burst',
          clientMsgId: 'client-2',
        }),
      ),
    );
    expect(new Set(concurrent.map((r) => r.message.id)).size).toBe(1);
    expect(await h.deps.db.message.count({ where: { channelId } })).toBe(2);
    expect(await h.deps.db.outboxEvent.count({ where: { channelId } })).toBe(2);
  });

  it('stores mentions of members, @channel and @here, and marks the sender read', async () => {
    const { workspaceId, channelId, members } = await channelWithMembers(2);
    const [alice, bob] = members as [string, string];
    const { message } = await h.services.messages.sendMessage(userActor(alice, workspaceId), {
      channelId,
      body: `hey <@${bob}> and @channel`,
    });
    const mentions = await h.deps.db.mention.findMany({
      where: { messageId: message.id },
      orderBy: { kind: 'asc' },
    });
    expect(mentions.map((m) => [m.kind, m.userId])).toEqual([
      ['user', bob],
      ['channel', null],
    ]);
    const member = await h.deps.db.channelMember.findUniqueOrThrow({
      where: { channelId_userId: { channelId, userId: alice } },
    });
    expect(member.lastReadSeq).toBe(message.seq);
  });

  it('commits one sender’s concurrent sends in the order they arrived, plain and mentioning alike', async () => {
    const { workspaceId, channelId, members } = await channelWithMembers(2);
    const actor = userActor(members[0]!, workspaceId);
    // Plain sends share group-commit statements; a mention takes the general transaction.
    const bodies = Array.from({ length: 16 }, (_, i) => (i % 2 ? `m${i} @here` : `p${i}`));
    await Promise.all(
      bodies.map((body) => h.services.messages.sendMessage(actor, { channelId, body })),
    );
    const stored = await h.deps.db.message.findMany({
      where: { channelId },
      orderBy: { seq: 'asc' },
    });
    expect(stored.map((m) => m.body)).toEqual(bodies);
  });

  it('sends a failed group-commit statement’s messages one at a time, in order, on the general path', async () => {
    const { workspaceId, channelId, members } = await channelWithMembers(1);
    const actor = userActor(members[0]!, workspaceId);
    await withRefusingTrigger(async () => {
      const bodies = [
        'first',
        ...Array.from({ length: 20 }, (_, i) => (i === 5 ? 'explode' : `a${i}`)),
      ];
      const outcomes = await Promise.allSettled(
        bodies.map((body) => h.services.messages.sendMessage(actor, { channelId, body })),
      );
      expect(outcomes.map((o) => o.status)).toEqual(
        bodies.map((b) => (b === 'explode' ? 'rejected' : 'fulfilled')),
      );
      const stored = await h.deps.db.message.findMany({
        where: { channelId },
        orderBy: { seq: 'asc' },
      });
      expect(stored.map((m) => m.body)).toEqual(bodies.filter((b) => b !== 'explode'));
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    });
  });

  it('keeps other channels sending while a failed statement’s messages retry', async () => {
    const a = await channelWithMembers(1);
    const b = await channelWithMembers(1);
    await withRefusingTrigger(async () => {
      const done: string[] = [];
      const send = (c: typeof a, body: string) =>
        h.services.messages
          .sendMessage(userActor(c.members[0]!, c.workspaceId), { channelId: c.channelId, body })
          .then(
            () => done.push(body),
            () => done.push(`${body} refused`),
          );
      // 'first' goes alone; the rest gather behind it into one statement, which fails on
      // 'explode'. Its other sends then retry one by one, each taking 300 ms.
      const retried = ['first', 'explode', 'slow-1', 'slow-2', 'slow-3'].map((body) =>
        send(a, body),
      );
      await new Promise((r) => setTimeout(r, 100));
      await send(b, 'elsewhere');
      await Promise.all(retried);
      expect(done).toEqual(['first', 'explode refused', 'elsewhere', 'slow-1', 'slow-2', 'slow-3']);
    });
  });

  it('refuses bad input and writes nothing', async () => {
    const { workspaceId, channelId, members } = await channelWithMembers(1);
    const actor = userActor(members[0]!, workspaceId);
    await expect(
      h.services.messages.sendMessage(actor, { channelId, body: '   ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      h.services.messages.sendMessage(actor, { channelId, body: 'x'.repeat(40_001) }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('40000'),
    });
    // PostgreSQL cannot store U+0000: refused by name, not a failed statement.
    await expect(
      h.services.messages.sendMessage(actor, { channelId, body: 'a\u0000b', clientMsgId: 'n' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'body: text cannot contain NUL characters',
    });
    await expect(
      h.services.messages.sendMessage(actor, { channelId, body: 'hi', clientMsgId: '\u0000' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('clientMsgId'),
    });
    await expect(
      h.services.messages.sendMessage(actor, { channelId: 'nope', body: 'hi' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      h.services.messages.sendMessage(actor, {
        channelId: '01900000-0000-7000-8000-000000000000',
        body: 'hi',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.deps.db.message.count({ where: { channelId } })).toBe(0);
    expect((await h.deps.db.channel.findUniqueOrThrow({ where: { id: channelId } })).lastSeq).toBe(
      0,
    );
  });
});
