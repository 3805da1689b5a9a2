import type { MessageDto } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRealtimeHarness,
  pushes,
  send,
  waitFor,
  type RealtimeHarness,
  type TestNode,
} from './testing/realtime-harness.ts';

// Nodes that host the outbox relay, as apps/realtime runs them (no relay of their own here).
let h: RealtimeHarness;
beforeAll(async () => {
  h = await createRealtimeHarness();
});
afterAll(async () => h.close());

/** Every message id a relay's sink was handed (at least once each). */
const sunk = new Set<string>();
const startHostingNode = () =>
  h.startNode({
    relay: {
      pollIntervalMs: 100,
      sinks: [
        (events) => {
          for (const e of events) if (e.type === 'message.created') sunk.add(e.payload.message.id);
          return Promise.resolve();
        },
      ],
    },
  });

/** The node whose relay leads, once one of them does. */
async function leaderOf(nodes: TestNode[]): Promise<TestNode> {
  let leader: TestNode | undefined;
  await waitFor(() => {
    const leading = nodes.filter((n) => n.node.relay?.leading());
    leader = leading.length === 1 ? leading[0] : undefined;
    return leader !== undefined;
  }, 'exactly one hosted relay to lead');
  return leader!;
}

describe('the outbox relay hosted by realtime nodes', () => {
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    a = await startHostingNode();
    b = await startHostingNode();
  });

  it('delivers each event once, in order, to the leading node’s own sockets and through Redis to the other node’s', async () => {
    const leader = await leaderOf([a, b]);
    const follower = leader === a ? b : a;
    const t = await h.team(3);
    const sender = await h.connect(follower.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const onLeader = pushes(
      await h.connect(leader.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }),
    );
    const onFollower = pushes(
      await h.connect(follower.url, { ticket: await h.ticket(t.ids[2]!, t.ws) }),
    );
    const sent: MessageDto[] = [];
    for (let i = 1; i <= 30; i++) sent.push(await send(sender, t.channelId, `m${i}`));
    const seqs = sent.map((m) => m.seq);
    await waitFor(
      () => onLeader.seqs.length >= 30 && onFollower.seqs.length >= 30,
      '30 deliveries on each node',
    );
    // Let a second copy (the leader's own Redis message, were it not skipped) arrive, then count.
    await new Promise((r) => setTimeout(r, 300));
    expect(onLeader.seqs).toEqual(seqs);
    expect(onFollower.seqs).toEqual(seqs);
    await waitFor(() => sent.every((m) => sunk.has(m.id)), 'the sink to get every message');
    await waitFor(
      async () => (await h.db.outboxEvent.count({ where: { relayedAt: null } })) === 0,
      'the outbox to be marked relayed',
    );
  });

  it('moves the lead to another node’s relay when the leading node closes, losing nothing live', async () => {
    const leader = await leaderOf([a, b]);
    const survivor = leader === a ? b : a;
    const t = await h.team(2);
    const sender = await h.connect(survivor.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const got = pushes(await h.connect(survivor.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }));
    const total = 40;
    const sent: MessageDto[] = [];
    for (let i = 1; i <= total; i++) {
      sent.push(await send(sender, t.channelId, `m${i}`));
      if (i === 15) await leader.node.close('leader closed in test');
    }
    expect(await leaderOf([survivor])).toBe(survivor);
    await waitFor(() => new Set(got.ids).size === total, `${total} messages on the survivor`);
    // At least once: a republished event may come twice; deduped by id, first arrivals are in order.
    const firstSeen = got.seqs.filter((seq, i) => got.seqs.indexOf(seq) === i);
    expect(firstSeen).toEqual(sent.map((m) => m.seq));
    await waitFor(() => sent.every((m) => sunk.has(m.id)), 'the sink to get every message');
  });
});
