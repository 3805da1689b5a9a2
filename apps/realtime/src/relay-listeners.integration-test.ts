import { relayedEventsChannel } from '@parley/api/relay';
import { stallEventLoop } from '@parley/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRealtimeHarness,
  pushes,
  send,
  waitFor,
  type RealtimeHarness,
} from './testing/realtime-harness.ts';

// A node hosting the outbox relay publishes to Redis only while another node listens.
let h: RealtimeHarness;
beforeAll(async () => {
  h = await createRealtimeHarness();
});
afterAll(async () => h.close());

describe('relay listeners', () => {
  it('a lone node hosting the relay serves its sockets without publishing; another node that starts gets everything live', async () => {
    const lone = await h.startNode({ relay: { pollIntervalMs: 100 } });
    await waitFor(() => lone.node.relay?.leading() === true, 'the hosted relay to lead');
    const tap = h.redis.duplicate();
    let published = 0;
    tap.on('message', () => published++);
    await tap.subscribe(relayedEventsChannel(h.prefix));
    try {
      const t = await h.team(3);
      const sender = await h.connect(lone.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
      const onLone = pushes(await h.connect(lone.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }));
      const sent: number[] = [];
      for (let i = 1; i <= 5; i++) sent.push((await send(sender, t.channelId, `alone ${i}`)).seq);
      await waitFor(() => onLone.seqs.length === 5, 'five messages on the lone node');
      expect(onLone.seqs).toEqual(sent);
      expect(published).toBe(0);

      // A second node registers before it takes its first socket: the relay publishes from then on.
      const other = await h.startNode();
      const onOther = pushes(
        await h.connect(other.url, { ticket: await h.ticket(t.ids[2]!, t.ws) }),
      );
      const later: number[] = [];
      for (let i = 1; i <= 5; i++)
        later.push((await send(sender, t.channelId, `together ${i}`)).seq);
      await waitFor(
        () => onOther.seqs.length === 5 && onLone.seqs.length === 10,
        'five more on each node',
      );
      expect(onOther.seqs).toEqual(later);
      expect(onLone.seqs).toEqual([...sent, ...later]);
      expect(published).toBeGreaterThan(0);

      // Gone again (its entry removed on close): once the relay's last answer runs out, no more.
      await other.node.close();
      await new Promise((r) => setTimeout(r, 400));
      const before = published;
      for (let i = 1; i <= 3; i++) await send(sender, t.channelId, `alone again ${i}`);
      await waitFor(() => onLone.seqs.length === 13, 'three more on the lone node');
      expect(published).toBe(before);
    } finally {
      await tap.quit();
    }
  });

  it('tells its clients to reconnect and sync when a stall may have let its entry lapse', async () => {
    const node = await h.startNode({
      relayListeners: { ttlMs: 300, refreshMs: 50, settleMs: 20 },
    });
    const t = await h.team(1);
    const client = await h.connect(node.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const reasons: string[] = [];
    client.on('server:reconnect', (p) => reasons.push(p.reason));
    await new Promise((r) => setTimeout(r, 200));
    expect(reasons).toEqual([]); // renewed in time: nothing to say
    stallEventLoop(500); // every node here with it
    await waitFor(() => reasons.length > 0, 'the node to ask its clients to resync');
    expect(reasons).toEqual(['missed live events; resyncing']);
  });
});
