import { createDb } from '@parley/db';
import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';
import { createServices } from '../create-services.ts';
import { FULL_ENOUGH, SendQueue } from './send-queue.ts';

let h: ServiceHarness;
/** A second service layer with its own pool: a second process sending into the same channels. */
let other: ReturnType<typeof createServices>;
beforeAll(async () => {
  h = await createServiceHarness();
  other = createServices({ ...h.deps, db: createDb({ connectionString: h.url, max: 5 }) });
});
afterAll(async () => {
  await other.deps.db.$disconnect();
  await h.close();
});

async function workspaceWithChannels(channelCount: number, memberCount: number) {
  const { workspace, ownerId } = await createWorkspace(h.deps.db);
  const members = [ownerId];
  for (let i = 1; i < memberCount; i++)
    members.push((await createMember(h.deps.db, workspace.id)).id);
  const channels: string[] = [];
  for (let i = 0; i < channelCount; i++)
    channels.push(
      (await createChannel(h.deps.db, { workspaceId: workspace.id, memberIds: members })).id,
    );
  return { workspaceId: workspace.id, members, channels };
}

/** Sends into one channel through `queue` alone; none may need the general path. */
function plainSends(
  queue: SendQueue,
  actor: ReturnType<typeof userActor> & { kind: 'user' },
  channelId: string,
) {
  const general = () => Promise.reject(new Error('took the general path'));
  return async (body: string) =>
    (await queue.send(channelId, { actor, channelId, body }, general)).message;
}

describe('group commit of plain sends', () => {
  it('writes concurrent sends from two processes into many channels gapless, in order, in shared statements', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(6, 4);
    const sends = Array.from({ length: 240 }, (_, i) => ({
      via: i % 2 === 0 ? h.services : other,
      actor: userActor(members[i % members.length]!, workspaceId),
      input: { channelId: channels[i % channels.length]!, body: `n${i}`, clientMsgId: `c${i}` },
    }));
    const results = await Promise.all(
      sends.map((s) => s.via.messages.sendMessage(s.actor, s.input)),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);

    for (const channelId of channels) {
      const stored = await h.deps.db.message.findMany({
        where: { channelId },
        orderBy: { seq: 'asc' },
        select: { id: true, seq: true, createdAt: true },
      });
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // Each process sends in order: within one process, a channel's earlier send has the lower seq.
      for (const via of [h.services, other]) {
        const mine = results
          .map((r, i) => ({ r, s: sends[i]! }))
          .filter(({ s }) => s.via === via && s.input.channelId === channelId)
          .map(({ r }) => r.message.seq);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
      // The outbox relays in id order, so ids must follow seq within the channel.
      const outbox = await h.deps.db.outboxEvent.findMany({
        where: { channelId, type: 'message.created' },
        orderBy: { id: 'asc' },
      });
      const outboxSeqs = outbox.map(
        (e) => (e.payload as { payload: { message: { seq: number } } }).payload.message.seq,
      );
      expect(outboxSeqs).toEqual(stored.map((m) => m.seq));
    }
    // Sends that arrived together shared a statement (one commit time for the whole batch).
    const commitTimes = new Set(results.map((r) => r.message.createdAt));
    expect(commitTimes.size).toBeLessThan(results.length / 4);
    const lastSeqs = await h.deps.db.channel.findMany({
      where: { id: { in: channels } },
      select: { lastSeq: true },
    });
    expect(lastSeqs.map((c) => c.lastSeq)).toEqual(channels.map(() => 40));
  });

  it('fills in the author and seq in the acked message and in its outbox event, and moves the read marker', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(1, 2);
    const [alice] = members as [string];
    await h.deps.db.user.update({ where: { id: alice }, data: { displayName: 'Alice Z' } });
    const { message } = await h.services.messages.sendMessage(userActor(alice, workspaceId), {
      channelId: channels[0]!,
      body: 'hello',
    });
    expect(message).toMatchObject({ seq: 1, body: 'hello', author: { displayName: 'Alice Z' } });
    const event = await h.deps.db.outboxEvent.findFirstOrThrow({
      where: { channelId: channels[0]!, type: 'message.created' },
    });
    expect(event.payload).toMatchObject({
      payload: {
        message: { id: message.id, seq: 1, author: { id: alice, displayName: 'Alice Z' } },
      },
    });
    const stored = await h.deps.db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.createdAt.toISOString()).toBe(message.createdAt);
    const member = await h.deps.db.channelMember.findUniqueOrThrow({
      where: { channelId_userId: { channelId: channels[0]!, userId: alice } },
    });
    expect(member.lastReadSeq).toBe(1);
  });

  it('refuses the sends that may not be written and still writes the rest of the batch', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(2, 3);
    const [open, archived] = channels as [string, string];
    const outsider = (await createMember(h.deps.db, workspaceId)).id; // in the workspace, not the channels
    await h.deps.db.channel.update({ where: { id: archived }, data: { archivedAt: new Date() } });
    const outcomes = await Promise.allSettled([
      h.services.messages.sendMessage(userActor(members[0]!, workspaceId), {
        channelId: open,
        body: 'ok 1',
      }),
      h.services.messages.sendMessage(userActor(outsider, workspaceId), {
        channelId: open,
        body: 'not a member',
      }),
      h.services.messages.sendMessage(userActor(members[1]!, workspaceId), {
        channelId: archived,
        body: 'archived',
      }),
      h.services.messages.sendMessage(userActor(members[2]!, workspaceId), {
        channelId: open,
        body: 'ok 2',
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[1]).toMatchObject({ reason: { code: 'FORBIDDEN' } });
    expect(outcomes[2]).toMatchObject({
      reason: { code: 'FORBIDDEN', message: expect.stringContaining('archived') },
    });
    const stored = await h.deps.db.message.findMany({
      where: { channelId: { in: channels } },
      orderBy: { seq: 'asc' },
    });
    expect(stored.map((m) => [m.body, m.seq])).toEqual([
      ['ok 1', 1],
      ['ok 2', 2],
    ]);
  });

  it('keeps one message for a clientMsgId repeated inside one batch and across processes', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(1, 1);
    const actor = userActor(members[0]!, workspaceId);
    const input = { channelId: channels[0]!, body: 'once', clientMsgId: 'same' };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? other : h.services).messages.sendMessage(actor, input),
      ),
    );
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await h.deps.db.message.count({ where: { channelId: channels[0]! } })).toBe(1);
    expect(await h.deps.db.outboxEvent.count({ where: { channelId: channels[0]! } })).toBe(1);
  });

  it('drains: every send accepted before shutdown is committed when drainSends resolves', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(3, 2);
    const pending = Array.from({ length: 60 }, (_, i) =>
      other.messages.sendMessage(userActor(members[i % 2]!, workspaceId), {
        channelId: channels[i % 3]!,
        body: `late ${i}`,
      }),
    );
    await other.messages.drainSends();
    // Counted before awaiting any send: the drain alone guarantees they are all in.
    expect(await h.deps.db.message.count({ where: { channelId: { in: channels } } })).toBe(60);
    expect((await Promise.all(pending)).map((r) => r.duplicate)).toEqual(pending.map(() => false));
  });

  it('gathers a trickle of sends into one statement, but writes a lone send or a full batch at once', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(1, 1);
    const actor = { ...userActor(members[0]!, workspaceId), kind: 'user' as const };
    // A window far longer than any statement here, so "waited for it" and "did not" are far apart.
    const windowMs = 1_000;
    const queue = new SendQueue(h.deps, { gatherMs: windowMs });
    const send = plainSends(queue, actor, channels[0]!);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** How long after `sentAt` its statement started (createdAt is taken as the statement starts). */
    const startedAfter = (m: { createdAt: string } | null, sentAt: number) =>
      Date.parse(m!.createdAt) - sentAt;

    const lone = Date.now();
    const first = await send('lone');
    expect(startedAfter(first, lone)).toBeLessThan(windowMs / 2); // nothing before it: at once

    // A trickle within the window of the last statement waits for it, and goes as one statement.
    const trickleAt = Date.now();
    const trickle = [send('t1')];
    await sleep(50);
    trickle.push(send('t2'));
    await sleep(50);
    trickle.push(send('t3'));
    const written = await Promise.all(trickle);
    expect(new Set(written.map((m) => m.createdAt)).size).toBe(1);
    expect(written[0]!.createdAt).not.toBe(first.createdAt);
    expect(startedAfter(written[0]!, trickleAt)).toBeGreaterThan(windowMs / 2);

    // As many sends as make a full enough statement go at once, inside the window.
    const burstAt = Date.now();
    const burst = await Promise.all(Array.from({ length: FULL_ENOUGH }, (_, i) => send(`b${i}`)));
    expect(new Set(burst.map((m) => m.createdAt)).size).toBe(1);
    expect(startedAfter(burst[0]!, burstAt)).toBeLessThan(windowMs / 2);

    const stored = await h.deps.db.message.findMany({
      where: { channelId: channels[0]! },
      orderBy: { seq: 'asc' },
    });
    expect(stored.map((m) => m.body)).toEqual([
      'lone',
      't1',
      't2',
      't3',
      ...burst.map((_, i) => `b${i}`),
    ]);
  });

  it('does not hold sends when the wall clock is set back', async () => {
    const { workspaceId, members, channels } = await workspaceWithChannels(1, 1);
    const actor = { ...userActor(members[0]!, workspaceId), kind: 'user' as const };
    const queue = new SendQueue(h.deps, { gatherMs: 200 });
    const send = plainSends(queue, actor, channels[0]!);
    const realNow = Date.now.bind(Date);
    try {
      await send('before');
      // An NTP step or a resumed VM: measured on the wall clock, the gathering window would now end
      // an hour from now.
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
      const outcome = await Promise.race([
        send('after').then((m) => m?.body),
        new Promise((r) => setTimeout(() => r('still waiting'), 3_000)),
      ]);
      expect(outcome).toBe('after');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
