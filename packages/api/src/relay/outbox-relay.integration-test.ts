import { relayedBatch } from '@parley/contracts';
import { createWorkspace } from '@parley/db/testing';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createServiceHarness,
  removeRedisKeys,
  userActor,
  type ServiceHarness,
} from '../testing/index.ts';
import {
  relayedEventsChannel,
  startOutboxRelay,
  type OutboxRelayOptions,
  type OutboxSink,
} from './index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomUUID()}:`;
let h: ServiceHarness;
let redis: Redis;
beforeAll(async () => {
  h = await createServiceHarness();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await removeRedisKeys(redis, prefix); // the stored fencing token
  redis.disconnect();
  await h.close();
});

/** A relay on this file's database and Redis (its own subscriber connection, closed by stop()). */
function startTestRelay(
  options: Pick<
    OutboxRelayOptions,
    | 'sinks'
    | 'wakeChannel'
    | 'pollIntervalMs'
    | 'batchTimeoutMs'
    | 'batchIntervalMs'
    | 'flushIntervalMs'
    | 'maxUnsunk'
    | 'maxMessageChars'
    | 'sinkRetryMs'
  >,
) {
  const subscriber = redis.duplicate();
  const relay = startOutboxRelay({
    db: h.deps.db,
    subscriber,
    publisher: redis,
    eventsChannel: relayedEventsChannel(prefix),
    logger: pino({ level: 'silent' }),
    ...options,
  });
  return {
    drain: () => relay.drain(),
    async stop() {
      await relay.stop();
      subscriber.disconnect();
    },
  };
}

async function until(what: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Counts the relays' messages to the realtime nodes (one per read) that carry a text. */
async function watchPublishes() {
  const sub = redis.duplicate();
  const published: string[] = [];
  sub.on('message', (_channel: string, message: string) => published.push(message));
  await sub.subscribe(relayedEventsChannel(prefix));
  return {
    messages: published,
    count: (text: string) => published.filter((m) => m.includes(text)).length,
    close: () => sub.disconnect(),
  };
}

/** The backend pids holding the relay's advisory lock on this file's database. */
async function leaderPid() {
  const rows = await h.deps.db.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return rows.map((r) => r.pid);
}

/** A sink that records, per call, the bodies of the messages created in one channel. */
function bodiesSink(channelId: string) {
  const calls: string[][] = [];
  const sink: OutboxSink = (events) => {
    const bodies = events.flatMap((e) =>
      e.type === 'message.created' && e.channelId === channelId ? [e.payload.message.body] : [],
    );
    if (bodies.length > 0) calls.push(bodies);
    return Promise.resolve();
  };
  return { sink, calls };
}

/**
 * A relay that only wakes start reads (it polls once a minute), its sink recording the bodies of
 * each call unless `options.sinks` says otherwise, and `send`: a message into a new workspace's
 * #general, then a wake.
 */
async function wokenRelay(
  name: string,
  options: Pick<
    OutboxRelayOptions,
    'batchIntervalMs' | 'flushIntervalMs' | 'sinks' | 'batchTimeoutMs' | 'maxUnsunk' | 'sinkRetryMs'
  >,
) {
  const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
  const actor = userActor(ownerId, workspace.id);
  const wake = `${prefix}${name}`;
  const { sink, calls: batches } = bodiesSink(general.id);
  const relay = startTestRelay({
    sinks: [sink],
    wakeChannel: wake,
    pollIntervalMs: 60_000,
    ...options,
  });
  const send = async (body: string) => {
    await h.services.messages.sendMessage(actor, { channelId: general.id, body });
    await redis.publish(wake, '1');
  };
  return { relay, send, batches, channelId: general.id };
}

describe('outbox relay', () => {
  it('keeps publishing to sockets while a sink hangs, then sinks the hung batch again without publishing it again', async () => {
    const calls: string[][] = [];
    const sink: OutboxSink = (events) => {
      calls.push(
        events.flatMap((e) => (e.type === 'message.created' ? [e.payload.message.body] : [])),
      );
      // The first call never settles, as a sink stuck on a dead connection would.
      return calls.length === 1 ? new Promise<void>(() => undefined) : Promise.resolve();
    };
    const sockets = await watchPublishes();
    const { relay, send, channelId } = await wokenRelay('wake-hang', {
      sinks: [sink],
      batchIntervalMs: 0,
      flushIntervalMs: 0,
      batchTimeoutMs: 3_000,
    });
    const bodies = ['hang-one', 'hang-two', 'hang-three'];
    try {
      for (const body of bodies) {
        await send(body);
        await until(() => sockets.count(body) === 1);
      }
      // All three reached the sockets while the first sink call hung (it gives up after 3 s).
      expect(calls).toEqual([['hang-one']]);
      await relay.drain();
      expect(calls).toEqual([['hang-one'], ['hang-one'], ['hang-two'], ['hang-three']]);
      expect(bodies.map((b) => sockets.count(b))).toEqual([1, 1, 1]);
      expect(await h.deps.db.outboxEvent.count({ where: { channelId, relayedAt: null } })).toBe(0);
    } finally {
      await relay.stop();
      sockets.close();
    }
  });

  it('keeps publishing while sinks fail, sinks the failed batches again in order, and pauses past maxUnsunk', async () => {
    let failures = 0;
    let failing = true;
    const sunk: string[] = [];
    const sink: OutboxSink = (events) => {
      if (failing) {
        failures++;
        return Promise.reject(new Error('queue unreachable'));
      }
      for (const e of events) if (e.type === 'message.created') sunk.push(e.payload.message.body);
      return Promise.resolve();
    };
    const sockets = await watchPublishes();
    const { relay, send } = await wokenRelay('wake-fail', {
      sinks: [sink],
      batchIntervalMs: 0,
      flushIntervalMs: 0,
      maxUnsunk: 3,
    });
    const bodies = ['fail-1', 'fail-2', 'fail-3', 'fail-4', 'fail-5'];
    const publishedBodies = () => bodies.filter((b) => sockets.count(b) > 0);
    try {
      for (const body of bodies.slice(0, 3)) {
        await send(body);
        await until(() => sockets.count(body) === 1); // live, whatever the sinks do
      }
      await until(() => failures >= 2); // tried again after a backoff
      for (const body of bodies.slice(3)) await send(body);
      // Three events wait for the sinks: the relay reads no more until they catch up.
      await new Promise((r) => setTimeout(r, 500));
      expect(publishedBodies()).toEqual(bodies.slice(0, 3));
      failing = false;
      await relay.drain();
      expect(sunk).toEqual(bodies);
      expect(bodies.map((b) => sockets.count(b))).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await relay.stop();
      sockets.close();
    }
  });

  it('corners an event the sinks always fail on, gives it up once the events after it sink, and goes on', async () => {
    const sunk: string[] = [];
    const sink: OutboxSink = (events) => {
      const bodies = events.flatMap((e) =>
        e.type === 'message.created' ? [e.payload.message.body] : [],
      );
      if (bodies.includes('poison')) return Promise.reject(new Error('job refused'));
      sunk.push(...bodies);
      return Promise.resolve();
    };
    const { relay, send, channelId } = await wokenRelay('wake-poison', {
      sinks: [sink],
      batchIntervalMs: 0,
      flushIntervalMs: 50, // the first four share one flush
      sinkRetryMs: 10,
    });
    try {
      for (const body of ['p-1', 'poison', 'p-2', 'p-3']) await send(body);
      await until(() => sunk.includes('p-3'));
      await send('p-4');
      await relay.drain(); // resolves only once every event is marked, the poisoned one too
      expect(sunk).toEqual(['p-1', 'p-2', 'p-3', 'p-4']);
      expect(await h.deps.db.outboxEvent.count({ where: { channelId, relayedAt: null } })).toBe(0);
    } finally {
      await relay.stop();
    }
  });

  it('starts no more sink calls while three that timed out are still running', async () => {
    let calls = 0;
    const releases: (() => void)[] = [];
    const sink: OutboxSink = () => {
      calls++;
      return new Promise<void>((resolve) => releases.push(resolve));
    };
    const { relay, send, channelId } = await wokenRelay('wake-stuck', {
      sinks: [sink],
      batchIntervalMs: 0,
      flushIntervalMs: 0,
      batchTimeoutMs: 200, // the first stuck call would be forgotten 2 s after it started
      sinkRetryMs: 10,
    });
    try {
      await send('stuck');
      await until(() => calls === 3);
      await new Promise((r) => setTimeout(r, 500)); // several more tries' worth
      expect(calls).toBe(3);
      for (const release of releases) release();
      await until(() => calls === 4); // room again: the batch is sunk once more, in time
      releases[3]!();
      await until(
        async () =>
          (await h.deps.db.outboxEvent.count({ where: { channelId, relayedAt: null } })) === 0,
      );
    } finally {
      for (const release of releases) release();
      await relay.stop();
    }
  });

  it('stops waiting for sink calls that never return after ten timeouts, and sinks on', async () => {
    let calls = 0;
    const sink: OutboxSink = () =>
      ++calls <= 3 ? new Promise<void>(() => undefined) : Promise.resolve();
    const { relay, send, channelId } = await wokenRelay('wake-never', {
      sinks: [sink],
      batchIntervalMs: 0,
      flushIntervalMs: 0,
      batchTimeoutMs: 50,
      sinkRetryMs: 10,
    });
    try {
      await send('never returns');
      await until(
        async () =>
          (await h.deps.db.outboxEvent.count({ where: { channelId, relayedAt: null } })) === 0,
      );
      expect(calls).toBe(4); // three that hang, forgotten; the fourth sank it
    } finally {
      await relay.stop();
    }
  });

  it('splits a read that would pass maxMessageChars into several messages, in outbox order', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const actor = userActor(ownerId, workspace.id);
    const wake = `${prefix}wake-split`;
    const sockets = await watchPublishes();
    const bodies = ['split-1', 'split-2', 'split-3'];
    for (const body of bodies)
      await h.services.messages.sendMessage(actor, { channelId: general.id, body });
    const relay = startTestRelay({ wakeChannel: wake, maxMessageChars: 10 });
    try {
      await relay.drain();
      await until(() => bodies.every((b) => sockets.count(b) === 1));
      const mine = sockets.messages.filter((m) => m.includes('split-'));
      expect(
        mine.map((m) =>
          (
            relayedBatch.parse(JSON.parse(m)).events as { payload: { message: { body: string } } }[]
          ).map((e) => e.payload.message.body),
        ),
      ).toEqual(bodies.map((b) => [b]));
    } finally {
      await relay.stop();
      sockets.close();
    }
  });

  it('relays commits woken within the batch interval together, and the first after a quiet spell at once', async () => {
    const { relay, send, batches } = await wokenRelay('wake-interval', {
      batchIntervalMs: 1_500,
      flushIntervalMs: 0, // each read goes to the sinks as it is read
    });
    try {
      await new Promise((r) => setTimeout(r, 1_600)); // a quiet spell after the start-up batch
      await send('first');
      await until(() => batches.length === 1);
      // Woken twice within the interval, 300 ms apart (time enough to relay the first alone, were
      // there no interval): both wait for it and go in one batch.
      await send('second');
      await new Promise((r) => setTimeout(r, 300));
      await send('third');
      await until(() => batches.length === 2);
      expect(batches).toEqual([['first'], ['second', 'third']]);
    } finally {
      await relay.stop();
    }
  });

  it('keeps relaying at its pace, and flushing, when the wall clock is set back', async () => {
    const { relay, send, batches } = await wokenRelay('wake-clock', {
      batchIntervalMs: 200,
      flushIntervalMs: 100,
    });
    const realNow = Date.now.bind(Date);
    try {
      await send('before');
      await until(() => batches.length === 1);
      // An NTP step or a resumed VM: the wall clock goes back an hour. Waits measured on it would
      // now last an hour (the next read, the flush, the next try for the lead).
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
      await send('after');
      await until(() => batches.length === 2, 5_000);
      expect(batches).toEqual([['before'], ['after']]);
    } finally {
      vi.restoreAllMocks();
      await relay.stop();
    }
  });

  it('publishes one message per read to the realtime nodes: the events in outbox order, a row that breaks the contract left out and marked', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const actor = userActor(ownerId, workspace.id);
    const bodies = ['in order 1', 'in order 2', 'in order 3'];
    for (const body of bodies)
      await h.services.messages.sendMessage(actor, { channelId: general.id, body });
    const [broken] = await h.deps.db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO outbox_events ("eventId", "workspaceId", "channelId", type, payload, "createdAt")
      VALUES (gen_random_uuid(), ${workspace.id}::uuid, ${general.id}::uuid, 'message.created',
              '{"type":"message.created","body":"in order, broken"}'::jsonb, now())
      RETURNING id`;
    const sockets = await watchPublishes();
    const relay = startTestRelay({ wakeChannel: `${prefix}wake-order`, pollIntervalMs: 100 });
    try {
      await relay.drain();
      const reads = sockets.messages.filter((m) => m.includes('in order'));
      expect(reads).toHaveLength(1); // everything was waiting: one read, one message
      const events = relayedBatch.parse(JSON.parse(reads[0]!)).events as {
        payload: { message: { body: string; seq: number } };
      }[];
      expect(events.map((e) => e.payload.message.body)).toEqual(bodies);
      expect(events.map((e) => e.payload.message.seq)).toEqual([1, 2, 3]);
      const row = await h.deps.db.outboxEvent.findUniqueOrThrow({ where: { id: broken!.id } });
      expect(row.relayedAt).not.toBeNull(); // skipped, not read again and again
    } finally {
      await relay.stop();
      sockets.close();
    }
  });

  it('publishes each read to sockets at once, and sinks and marks them together a flush interval later', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const actor = userActor(ownerId, workspace.id);
    const wake = `${prefix}wake-flush`;
    const { sink, calls: sunk } = bodiesSink(general.id);
    const sockets = await watchPublishes();
    const relay = startTestRelay({
      sinks: [sink],
      wakeChannel: wake,
      pollIntervalMs: 60_000,
      batchIntervalMs: 0,
      flushIntervalMs: 2_000,
    });
    const unmarked = () =>
      h.deps.db.outboxEvent.count({
        where: { channelId: general.id, type: 'message.created', relayedAt: null },
      });
    try {
      const bodies = ['flush-one', 'flush-two', 'flush-three'];
      for (const body of bodies) {
        await h.services.messages.sendMessage(actor, { channelId: general.id, body });
        await redis.publish(wake, '1');
        await until(() => sockets.count(body) === 1); // on the sockets at once, read by read
      }
      expect(sunk).toEqual([]);
      expect(await unmarked()).toBe(3);
      await until(() => sunk.length > 0);
      expect(sunk).toEqual([bodies]); // one sink call for the three reads
      await until(async () => (await unmarked()) === 0);
      expect(bodies.map((b) => sockets.count(b))).toEqual([1, 1, 1]);
    } finally {
      await relay.stop();
      sockets.close();
    }
  });

  it('lets one relay lead; when its connection dies another takes over and republishes what it had not marked', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const wake = `${prefix}wake-lead`;
    const sunk: string[] = [];
    const sink: OutboxSink = (events) => {
      for (const e of events) if (e.type === 'message.created') sunk.push(e.payload.message.body);
      return Promise.resolve();
    };
    const sockets = await watchPublishes();
    const options = {
      sinks: [sink],
      wakeChannel: wake,
      pollIntervalMs: 100,
      batchIntervalMs: 0,
      flushIntervalMs: 60_000, // nothing is marked until a drain asks
    };
    const relays = [startTestRelay(options), startTestRelay(options)];
    try {
      await until(async () => (await leaderPid()).length === 1);
      const [first] = await leaderPid();
      await h.services.messages.sendMessage(userActor(ownerId, workspace.id), {
        channelId: general.id,
        body: 'led once',
      });
      await redis.publish(wake, '1');
      await until(() => sockets.count('led once') === 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(sockets.count('led once')).toBe(1); // the follower published nothing
      await h.deps.db.$queryRaw`SELECT pg_terminate_backend(${first}::int)`;
      // The follower takes the lead within its poll interval and publishes the unmarked event again.
      await until(() => sockets.count('led once') === 2);
      const [second] = await leaderPid();
      expect(second).not.toBe(first);
      // The new leader's fencing token is larger: nodes drop what the old one might still send.
      const fences = sockets.messages
        .filter((m) => m.includes('led once'))
        .map((m) => relayedBatch.parse(JSON.parse(m)).fence);
      expect(fences).toHaveLength(2);
      expect(fences[1]).toBeGreaterThan(fences[0]!);
      await Promise.all(relays.map((r) => r.drain()));
      expect(sunk).toEqual(['led once']);
      const event = await h.deps.db.outboxEvent.findFirstOrThrow({
        where: { channelId: general.id, type: 'message.created' },
      });
      expect(event.relayedAt).not.toBeNull();
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
      sockets.close();
    }
  });
  it('waits, when stopped, for a sink call left running from a lead it lost and took again', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const wake = `${prefix}wake-stop`;
    let release = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    let calls = 0;
    const sink: OutboxSink = async () => {
      if (++calls > 1) return;
      await hung;
      order.push('the first term’s sink call returned');
    };
    const sockets = await watchPublishes();
    const relay = startTestRelay({
      sinks: [sink],
      wakeChannel: wake,
      pollIntervalMs: 100,
      batchIntervalMs: 0,
      flushIntervalMs: 0,
    });
    let stopping: Promise<unknown> | null = null;
    try {
      await h.services.messages.sendMessage(userActor(ownerId, workspace.id), {
        channelId: general.id,
        body: 'sunk in two terms',
      });
      await redis.publish(wake, '1');
      await until(() => calls === 1);
      const [pid] = await leaderPid();
      await h.deps.db.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
      // It takes the lead again (a new term), publishes the unmarked event again and sinks it.
      await until(() => sockets.count('sunk in two terms') === 2 && calls === 2);
      stopping = relay.stop().then(() => order.push('stopped'));
      await new Promise((r) => setTimeout(r, 300));
      release();
      await stopping;
      expect(order).toEqual(['the first term’s sink call returned', 'stopped']);
    } finally {
      release();
      await (stopping ?? relay.stop());
      sockets.close();
    }
  });
  it('lets a follower take over from a leader that stalls with its connection still up', async () => {
    const { workspace, ownerId, general } = await createWorkspace(h.deps.db);
    const wake = `${prefix}wake-stall`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./testing/relay-process.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          DATABASE_URL: h.url,
          REDIS_URL,
          EVENTS_CHANNEL: relayedEventsChannel(prefix),
          WAKE_CHANNEL: wake,
          LEADER_IDLE_TIMEOUT_MS: '1000',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const sockets = await watchPublishes();
    let follower: ReturnType<typeof startTestRelay> | null = null;
    try {
      await until(async () => (await leaderPid()).length === 1, 30_000);
      const [stalled] = await leaderPid();
      child.kill('SIGSTOP'); // frozen: its connection stays open, and so does its lock
      follower = startTestRelay({ wakeChannel: wake, pollIntervalMs: 100, batchIntervalMs: 0 });
      await h.services.messages.sendMessage(userActor(ownerId, workspace.id), {
        channelId: general.id,
        body: 'after the stall',
      });
      await redis.publish(wake, '1');
      // PostgreSQL ends the stalled leader's idle session; the follower leads and relays.
      await until(() => sockets.count('after the stall') === 1);
      const [leader] = await leaderPid();
      expect(leader).not.toBe(stalled);
    } finally {
      child.kill('SIGKILL');
      await follower?.stop();
      sockets.close();
    }
  });
});
