import type { Ack, DomainEventOf, MessageDto, SyncResult, UnreadPush } from '@parley/contracts';
import { relayedEventsChannel, relayFenceKey } from '@parley/api/relay';
import { encodeRelayedBatch, relayedBatch } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { createMember } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRealtimeHarness,
  ok,
  pushes,
  request,
  send,
  waitFor,
  type RealtimeHarness,
  type TestClient,
  type TestNode,
} from './testing/realtime-harness.ts';

let h: RealtimeHarness;
let nodeA: TestNode;
let nodeB: TestNode;

beforeAll(async () => {
  h = await createRealtimeHarness({
    presence: { ttlMs: 1_500, graceMs: 300 },
    typing: { throttleMs: 100, expiryMs: 300 },
  });
  h.startRelay();
  nodeA = await h.startNode();
  nodeB = await h.startNode();
});
afterAll(async () => h.close());

/** Records message:created pushes per client, deduped by id, as a UI would. */
function collect(client: TestClient) {
  const seen = new Map<string, MessageDto>();
  const order: number[] = [];
  client.on('message:created', (event) => {
    const m = event.payload.message;
    if (!seen.has(m.id)) {
      seen.set(m.id, m);
      order.push(m.seq);
    }
  });
  return {
    seen,
    order,
    add: (m: MessageDto) => !seen.has(m.id) && (seen.set(m.id, m), order.push(m.seq)),
  };
}

/**
 * Sends a message and catches the relay's message carrying it: its fencing token, its event, and
 * `forge`, which makes the JSON text of the same event for another message id.
 */
async function relayedSample(
  owner: { kind: 'user'; id: string; workspaceId: string },
  channelId: string,
) {
  const tap = h.redis.duplicate();
  const relayed: string[] = [];
  tap.on('message', (_c: string, m: string) => relayed.push(m));
  await tap.subscribe(relayedEventsChannel(h.prefix));
  const { message: first } = await h.services.messages.sendMessage(owner, {
    channelId,
    body: 'the real one',
  });
  await waitFor(() => relayed.some((m) => m.includes(first.id)), 'the relayed message');
  await tap.quit(); // gone from the channel's subscribers once this returns
  const batch = relayedBatch.parse(JSON.parse(relayed.find((m) => m.includes(first.id))!));
  const real = batch.events[0] as DomainEventOf<'message.created'>;
  const forge = (id: string) =>
    JSON.stringify({
      ...real,
      eventId: randomUUID(),
      payload: { ...real.payload, message: { ...real.payload.message, id, seq: 99 } },
    });
  return { first, fence: batch.fence, real, forge };
}

describe('realtime gateway across two nodes', () => {
  it('acks sends after commit and delivers them in seq order to clients on the other node', async () => {
    const t = await h.team(2);
    const sender = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const receiver = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const got = collect(receiver);
    const acks: MessageDto[] = [];
    for (let i = 1; i <= 20; i++)
      acks.push(
        ok(
          await request<Ack<MessageDto>>(sender, 'message:send', {
            channelId: t.channelId,
            body: `hello ${i}`,
          }),
        ),
      );
    expect(acks.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await h.db.message.count({ where: { id: { in: acks.map((a) => a.id) } } })).toBe(20);
    await waitFor(() => got.order.length === 20, '20 deliveries on node B');
    expect(got.order).toEqual(acks.map((m) => m.seq));
  });

  it('passes by the socket a message was sent from (its ack carries it), not the sender’s other devices', async () => {
    const t = await h.team(2);
    const sending = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const otherDevice = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const member = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const toSending = pushes(sending);
    const toOtherDevice = pushes(otherDevice);
    const toMember = pushes(member);
    const acked = [
      await send(sending, t.channelId, 'one'),
      await send(sending, t.channelId, 'two'),
    ];
    // Sent another way (as over HTTP), a message reaches the sending socket too; relayed in seq
    // order after the two, it shows they would have arrived by now if they were coming.
    const { message: third } = await h.services.messages.sendMessage(
      { kind: 'user', id: t.ids[0]!, workspaceId: t.ws },
      { channelId: t.channelId, body: 'three' },
    );
    await waitFor(() => toSending.ids.length === 1, 'the third message on the sending socket');
    expect(toSending.ids).toEqual([third.id]);
    const all = [...acked.map((m) => m.id), third.id];
    await waitFor(
      () => toOtherDevice.ids.length === 3 && toMember.ids.length === 3,
      'all three on the other device and the other member',
    );
    expect(toOtherDevice.ids).toEqual(all);
    expect(toMember.ids).toEqual(all);
  });

  it('loses, reorders and duplicates nothing when a node is killed mid-stream and its clients sync on the other', async () => {
    const t = await h.team(2);
    const extra = await h.startNode();
    const sender = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const victim = await h.connect(extra.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const got = collect(victim);
    const total = 60;
    const sending = (async () => {
      for (let i = 1; i <= total; i++) {
        ok(
          await request<Ack<MessageDto>>(sender, 'message:send', {
            channelId: t.channelId,
            body: `m${i}`,
            clientMsgId: `c${i}`,
          }),
        );
        if (i === 20) await extra.node.close('node killed in test');
      }
    })();
    await waitFor(() => victim.disconnected, 'the killed node to drop its client');
    await sending;
    // The client reconnects to a surviving node and asks for everything after the last seq it saw.
    const lastSeen = Math.max(0, ...got.order);
    const again = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    again.on('message:created', (e) => got.add(e.payload.message));
    const sync = ok(
      await request<Ack<SyncResult>>(again, 'sync', { channels: { [t.channelId]: lastSeen } }),
    );
    const result = sync.channels[0]!;
    expect(result.status).toBe('ok');
    if (result.status === 'ok') for (const m of result.messages) got.add(m);
    expect([...got.seen.values()].map((m) => m.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    expect(got.seen.size).toBe(total);
    expect(got.order.slice(0, lastSeen)).toEqual(Array.from({ length: lastSeen }, (_, i) => i + 1));
  });

  it('republishes after the relay dies between publish and mark; clients dedupe by id', async () => {
    const t = await h.team(2);
    const receiver = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const raw: string[] = [];
    receiver.on('message:created', (e) => raw.push(e.payload.message.id));
    await h.stopRelay();
    h.startRelay({ flushIntervalMs: 60_000 }); // publishes at once, marks only a minute later
    const { message } = await h.services.messages.sendMessage(
      { kind: 'user', id: t.ids[0]!, workspaceId: t.ws },
      { channelId: t.channelId, body: 'at least once' },
    );
    await waitFor(() => raw.includes(message.id), 'the first delivery');
    // The leader's connection dies (as with a crashed relay): it takes the lead again on a new
    // one, and publishes what it had not marked once more.
    await h.db.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_locks
      WHERE locktype = 'advisory' AND granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
    await waitFor(() => raw.filter((id) => id === message.id).length >= 2, 'the republished event');
    expect(new Set(raw).size).toBe(1);
    await h.stopRelay();
    h.startRelay();
    await waitFor(
      async () => (await h.db.outboxEvent.count({ where: { relayedAt: null } })) === 0,
      'the outbox to drain',
    );
  });

  it('drops a relayed message that breaks the contract or comes from a relay that lost the lead, and keeps delivering', async () => {
    const t = await h.team(2);
    const owner = { kind: 'user' as const, id: t.ids[0]!, workspaceId: t.ws };
    const receivers = [
      await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }),
      await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }),
    ];
    const got = receivers.map((r) => collect(r));
    const { first, fence, real, forge } = await relayedSample(owner, t.channelId);
    await waitFor(() => got.every((g) => g.seen.has(first.id)), 'the first message on both nodes');
    const channel = relayedEventsChannel(h.prefix);
    const broken = JSON.stringify({ ...real, payload: { message: { id: 'broken' } } });
    for (const bad of [
      'not json',
      '{"an":"object"}',
      JSON.stringify([JSON.parse(forge(randomUUID()))]), // no envelope
      encodeRelayedBatch(fence, [broken]), // an event that breaks its contract
      encodeRelayedBatch(fence - 1, [forge(randomUUID())]), // a leader that lost the lead
    ])
      await h.redis.publish(channel, bad);
    // The same forgery under the current leader's token goes through: the token alone refused it.
    const control = randomUUID();
    await h.redis.publish(channel, encodeRelayedBatch(fence, [forge(control)]));
    const { message } = await h.services.messages.sendMessage(owner, {
      channelId: t.channelId,
      body: 'after the garbage',
    });
    await waitFor(() => got.every((g) => g.seen.has(message.id)), 'the real message on both nodes');
    expect(got.map((g) => [...g.seen.keys()])).toEqual([
      [first.id, control, message.id],
      [first.id, control, message.id],
    ]);
  });

  it('drops a late message from a relay that lost the lead on a node started after it lost it', async () => {
    const t = await h.team(2);
    const owner = { kind: 'user' as const, id: t.ids[0]!, workspaceId: t.ws };
    // The relay has led and published (its token is the newest); only then does node C start.
    const { fence, forge } = await relayedSample(owner, t.channelId);
    const channel = relayedEventsChannel(h.prefix);
    const subscribers = async () =>
      Number(((await h.redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
    const before = await subscribers();
    const nodeC = await h.startNode();
    const got = collect(await h.connect(nodeC.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }));
    // Node C listens (so it does get the stale message), and has heard nothing from the leader.
    await waitFor(async () => (await subscribers()) === before + 1, 'node C to subscribe');
    await h.redis.publish(channel, encodeRelayedBatch(fence - 1, [forge(randomUUID())]));
    const { message } = await h.services.messages.sendMessage(owner, {
      channelId: t.channelId,
      body: 'after the stale one',
    });
    await waitFor(() => got.seen.has(message.id), 'the real message on node C');
    expect([...got.seen.keys()]).toEqual([message.id]);
    // An older leader's late write of its token to the store does not make its messages current.
    await h.redis.set(relayFenceKey(channel), String(fence - 2));
    await h.redis.publish(channel, encodeRelayedBatch(fence - 1, [forge(randomUUID())]));
    const { message: next } = await h.services.messages.sendMessage(owner, {
      channelId: t.channelId,
      body: 'after the late write',
    });
    await waitFor(() => got.seen.has(next.id), 'the next real message on node C');
    expect([...got.seen.keys()]).toEqual([message.id, next.id]);
    await nodeC.node.close();
  });

  it('follows a new leader whose database counts lower than the token it has seen or finds stored', async () => {
    const t = await h.team(2);
    const owner = { kind: 'user' as const, id: t.ids[0]!, workspaceId: t.ws };
    const receiverA = collect(
      await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }),
    );
    // A relay on another PostgreSQL cluster with larger transaction ids used this Redis before
    // (another deployment, or the database was since restored): its token is stored, and node A
    // has taken a message under it.
    const { fence, forge } = await relayedSample(owner, t.channelId);
    const channel = relayedEventsChannel(h.prefix);
    const theirs = fence + 1_000_000_000;
    await h.redis.set(relayFenceKey(channel), String(theirs));
    const forged = randomUUID();
    await h.redis.publish(channel, encodeRelayedBatch(theirs, [forge(forged)]));
    await waitFor(() => receiverA.seen.has(forged), 'the other relay’s message on node A');
    // This database's relay takes the lead again (as after a restart): its token is lower.
    await h.stopRelay();
    h.startRelay();
    const nodeD = await h.startNode();
    const receiverD = collect(
      await h.connect(nodeD.url, { ticket: await h.ticket(t.ids[1]!, t.ws) }),
    );
    const sent: number[] = [];
    for (const body of ['lower 1', 'lower 2', 'lower 3'])
      sent.push(
        (await h.services.messages.sendMessage(owner, { channelId: t.channelId, body })).message
          .seq,
      );
    await waitFor(
      () => [receiverA, receiverD].every((r) => sent.every((seq) => r.order.includes(seq))),
      'the new leader’s messages on a running node and on a node started since',
    );
    expect(receiverA.order.filter((seq) => sent.includes(seq))).toEqual(sent);
    expect(receiverD.order).toEqual(sent);
    // The leader stores its token again while it leads: a key lost meanwhile comes back.
    const stored = await h.redis.get(relayFenceKey(channel));
    expect(Number(stored)).toBeLessThan(theirs);
    await h.redis.del(relayFenceKey(channel));
    await waitFor(async () => (await h.redis.get(relayFenceKey(channel))) === stored, 'the token');
    await nodeD.node.close();
  });

  it('tells its clients to reconnect and resync when its Redis subscriber was cut off, then delivers again', async () => {
    const t = await h.team(2);
    const owner = { kind: 'user' as const, id: t.ids[0]!, workspaceId: t.ws };
    const client = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const told: string[] = [];
    client.on('server:reconnect', (push) => told.push(push.reason));
    // Cut both nodes' subscriber connections, as a Redis restart or a network blip would.
    const list = (await h.redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${h.prefix}realtime-subscriber `))
      .map((line) => /^id=(\d+)/.exec(line)![1]!);
    expect(ids).toHaveLength(2);
    for (const id of ids) await h.redis.client('KILL', 'ID', id);
    await waitFor(() => told.length === 1, 'the reconnect request');
    expect(told[0]).toMatch(/resync/);
    // Resubscribed: a client that connects now hears what is sent next.
    const fresh = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const got = collect(fresh);
    const { message } = await h.services.messages.sendMessage(owner, {
      channelId: t.channelId,
      body: 'after the blip',
    });
    await waitFor(() => got.seen.has(message.id), 'delivery after the resubscribe');
  });

  it('stops delivering to a removed member at once', async () => {
    const t = await h.team(3);
    const owner = { kind: 'user' as const, id: t.ids[0]!, workspaceId: t.ws };
    const removed = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[2]!, t.ws) });
    const stays = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const removedGot = collect(removed);
    const staysGot = collect(stays);
    const left: string[] = [];
    removed.on('channel:member_left', (e) => left.push(e.payload.userId));
    await h.services.messages.sendMessage(owner, { channelId: t.channelId, body: 'before' });
    await waitFor(() => removedGot.order.length === 1, 'the first message');
    await h.services.channels.removeChannelMember(owner, {
      channelId: t.channelId,
      userId: t.ids[2]!,
    });
    await waitFor(() => left.length === 1, 'the removal notice');
    await h.services.messages.sendMessage(owner, { channelId: t.channelId, body: 'after' });
    await waitFor(() => staysGot.order.length === 2, 'the second message for the remaining member');
    expect(removedGot.order).toEqual([1]);
    const denied = await request<Ack<MessageDto>>(removed, 'message:send', {
      channelId: t.channelId,
      body: 'let me in',
    });
    expect(denied).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('applies joins, leaves and deactivations relayed while a socket is still in its handshake', async () => {
    const t = await h.team(3);
    const owner = { kind: 'user' as const, id: t.ids[0]!, workspaceId: t.ws };
    const newcomer = (await createMember(h.db, t.ws)).id;
    const deactivated = (await createMember(h.db, t.ws)).id;
    // A node whose handshakes stop, for these three users, right after their rooms were read.
    const held = new Set([t.ids[2]!, newcomer, deactivated]);
    let reads = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const node = await h.startNode({
      services: {
        ...h.services,
        realtime: {
          ...h.services.realtime,
          async listSocketRooms(actor) {
            const found = await h.services.realtime.listSocketRooms(actor);
            if (held.has(actor.id)) {
              reads++;
              await gate;
            }
            return found;
          },
        },
      },
    });
    const observer = await h.connect(node.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const relayed: string[] = [];
    observer.on('channel:member_left', () => relayed.push('left'));
    observer.on('channel:member_joined', () => relayed.push('joined'));
    observer.on('member:deactivated', () => relayed.push('deactivated'));
    const connect = async (id: string) => h.connect(node.url, { ticket: await h.ticket(id, t.ws) });
    const connecting = [connect(t.ids[2]!), connect(newcomer)];
    // Handled at once: the refusal may come before the test awaits it.
    const refusal = connect(deactivated).then(
      () => 'connected',
      (error: Error) => error.message,
    );
    await waitFor(() => reads === 3, 'three handshakes holding their rooms');

    await h.services.channels.removeChannelMember(owner, {
      channelId: t.channelId,
      userId: t.ids[2]!,
    });
    await h.services.channels.addChannelMembers(owner, {
      channelId: t.channelId,
      userIds: [newcomer],
    });
    await h.services.members.deactivateMember(owner, { userId: deactivated });
    await waitFor(() => relayed.length === 3, 'the three changes relayed to the node');
    release();

    const [removed, added] = await Promise.all(connecting);
    expect(await refusal).toMatch(/deactivated/);
    const removedGot = collect(removed!);
    const addedGot = collect(added!);
    for (const body of ['one', 'two'])
      await h.services.messages.sendMessage(owner, { channelId: t.channelId, body });
    await waitFor(() => addedGot.order.length === 2, 'both messages for the added member');
    expect(removedGot.order).toEqual([]);
  });

  it('refuses connections without a valid ticket', async () => {
    const t = await h.team(1);
    await expect(h.connect(nodeA.url, {})).rejects.toThrow(/ticket/);
    await expect(h.connect(nodeA.url, { ticket: 'forged.token.value' })).rejects.toThrow(
      /invalid or expired/,
    );
    const valid = await h.ticket(t.ids[0]!, t.ws);
    const [head, body] = valid.split('.');
    await expect(h.connect(nodeA.url, { ticket: `${head}.${body}.AAAA` })).rejects.toThrow(
      /invalid or expired/,
    );
  });

  it('refuses cross-tenant commands and bad payloads with a clear ack error', async () => {
    const mine = await h.team(1);
    const theirs = await h.team(1);
    const client = await h.connect(nodeA.url, { ticket: await h.ticket(mine.ids[0]!, mine.ws) });
    expect(
      await request(client, 'message:send', { channelId: theirs.channelId, body: 'hi' }),
    ).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(
      await request(client, 'message:send', { channelId: mine.channelId, body: '' }),
    ).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await request(client, 'message:send', { channelId: 42 })).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('channelId') },
    });
    const sync = ok(
      await request<Ack<SyncResult>>(client, 'sync', { channels: { [theirs.channelId]: 0 } }),
    );
    expect(sync.channels).toEqual([{ channelId: theirs.channelId, status: 'forbidden' }]);
    expect(await h.db.message.count({ where: { channelId: theirs.channelId } })).toBe(0);
  });

  it('tracks presence across two devices and goes offline only after the last one leaves', async () => {
    const t = await h.team(2);
    const watcher = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const updates: string[] = [];
    watcher.on('presence:updated', (p) => {
      if (p.userId === t.ids[1]) updates.push(p.status);
    });
    const phone = await h.connect(nodeA.url, {
      ticket: await h.ticket(t.ids[1]!, t.ws),
      deviceId: 'phone',
    });
    const laptop = await h.connect(nodeB.url, {
      ticket: await h.ticket(t.ids[1]!, t.ws),
      deviceId: 'laptop',
    });
    await waitFor(() => updates.includes('active'), 'online');
    phone.disconnect();
    await new Promise((r) => setTimeout(r, 600)); // longer than the grace period
    expect(updates).not.toContain('offline');
    ok(await request(laptop, 'presence:set', { status: 'away' }));
    await waitFor(() => updates.includes('away'), 'away');
    laptop.disconnect();
    await waitFor(() => updates.at(-1) === 'offline', 'offline after the last device');
  });

  it('broadcasts typing to the channel and expires it on its own', async () => {
    const t = await h.team(2);
    const typer = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const other = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const seen: boolean[] = [];
    other.on('typing', (p) => seen.push(p.typing));
    ok(await request(typer, 'typing:start', { channelId: t.channelId }));
    await waitFor(() => seen.length === 2, 'typing start then automatic stop');
    expect(seen).toEqual([true, false]);
  });

  it('rate-limits a user who floods commands', async () => {
    const t = await h.team(1);
    const limitedNode = await h.startNode({ rateLimit: { capacity: 3, refillPerSecond: 0.001 } });
    const client = await h.connect(limitedNode.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(
        await request<Ack<unknown>>(client, 'read:mark', { channelId: t.channelId, seq: 0 }),
      );
    expect(results.filter((r) => 'error' in r && r.error.code === 'RATE_LIMITED')).toHaveLength(2);
  });

  it('pushes read state to the user’s other devices', async () => {
    const t = await h.team(2);
    await h.services.messages.sendMessage(
      { kind: 'user', id: t.ids[0]!, workspaceId: t.ws },
      { channelId: t.channelId, body: 'unread' },
    );
    const tab1 = await h.connect(nodeA.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const tab2 = await h.connect(nodeB.url, { ticket: await h.ticket(t.ids[1]!, t.ws) });
    const reads: DomainEventOf<'read.updated'>[] = [];
    const unread: UnreadPush[] = [];
    tab2.on('read:updated', (e) => reads.push(e));
    tab2.on('unread:updated', (u) => unread.push(u));
    await waitFor(
      async () => (await h.db.outboxEvent.count({ where: { relayedAt: null } })) === 0,
      'earlier events to be relayed',
    );
    expect(ok(await request(tab1, 'read:mark', { channelId: t.channelId, seq: 1 }))).toEqual({
      lastReadSeq: 1,
    });
    await waitFor(
      () => reads.length === 1 && unread.length === 1,
      'read state and counts on the other tab',
    );
    expect(reads[0]!.payload).toEqual({ userId: t.ids[1], channelId: t.channelId, lastReadSeq: 1 });
    expect(unread[0]).toEqual({
      channelId: t.channelId,
      lastReadSeq: 1,
      unreadCount: 0,
      mentionCount: 0,
    });
  });

  it('drops a client that sends a frame over the payload limit, and writes nothing', async () => {
    const t = await h.team(1);
    const small = await h.startNode({ maxPayloadBytes: 8 * 1024 });
    const client = await h.connect(small.url, { ticket: await h.ticket(t.ids[0]!, t.ws) });
    const closed = new Promise<string>((resolve) =>
      client.on('disconnect', (reason) => resolve(reason)),
    );
    client.emit(
      'message:send',
      { channelId: t.channelId, body: 'x'.repeat(20 * 1024) },
      () => undefined,
    );
    expect(await closed).toBe('transport close');
    expect(await h.db.message.count({ where: { channelId: t.channelId } })).toBe(0);
  });
});
