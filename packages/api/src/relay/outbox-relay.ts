import { domainEvent, encodeRelayedBatch, type DomainEvent } from '@parley/contracts';
import type { Db } from '@parley/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { OUTBOX_WAKE_CHANNEL, RELAY_READ_INTERVAL_MS } from './events-port.ts';
import { relayLeadership, type RelayConnection } from './relay-leadership.ts';
import { othersListening, type RelayListenerTimings } from './relay-listeners.ts';
import { relayFenceKey } from './relayed-events-channel.ts';

/** Receives each relayed batch (queues, webhooks...). Must be idempotent: batches can repeat after a crash. */
export type OutboxSink = (events: RelayedEvent[]) => Promise<void>;

export interface OutboxRelayOptions {
  db: Db;
  /** A Redis connection the relay may put in subscriber mode. */
  subscriber: Redis;
  /** Publishes each read's events to the realtime nodes (a connection not in subscriber mode). */
  publisher: Redis;
  /** Where the nodes listen: relayedEventsChannel(their key prefix). */
  eventsChannel: string;
  sinks?: OutboxSink[];
  logger: Logger;
  /** How often the relay looks without being woken; also how often a follower tries for the lead. */
  pollIntervalMs?: number;
  /**
   * A leader that has not queried for this long is taken for stalled: PostgreSQL ends its session
   * and a follower takes over. Default the larger of 15 s and 3 poll intervals.
   */
  leaderIdleTimeoutMs?: number;
  batchSize?: number;
  /** Sinks that take longer fail, and are tried again; the events stay published meanwhile. */
  batchTimeoutMs?: number;
  /**
   * Least time between the starts of two reads woken by commits (a backlog of full batches is
   * drained at once, and a commit after a quiet spell is relayed at once). At 1,000 messages a
   * second a relay woken by every commit read ~225 times a second; 10 ms took the chat bench's
   * relay from ~7 to ~4.5 CPU-seconds, p99 alike. Default RELAY_READ_INTERVAL_MS (20).
   */
  batchIntervalMs?: number;
  /**
   * Most time between publishing an event to sockets and handing it to the sinks and marking it
   * relayed (sooner once `batchSize` events wait). Sockets get every read at once; the sinks' queue
   * writes and the mark, a fixed cost per call, are shared by the reads of this span.
   */
  flushIntervalMs?: number;
  /**
   * Most events published to sockets and not yet sunk and marked. Sinks that fail or lag are
   * tried again, with backoff, while sockets keep getting new events; past this many, the relay
   * stops reading until the sinks catch up. Default 20 × batchSize.
   */
  maxUnsunk?: number;
  /** First wait before sinking a failed batch again; it doubles per failure, up to 30 s. Default 200. */
  sinkRetryMs?: number;
  /** Largest message to the realtime nodes, in characters; a bigger read goes as several. Default 1 MiB. */
  maxMessageChars?: number;
  wakeChannel?: string;
  /**
   * For a relay hosted by a realtime node: names this relay in what it publishes (so the node skips
   * its own messages on `eventsChannel`), and `deliverLocally` gets each read's events, checked,
   * once Redis has taken them, to route to the node's own sockets without a round trip. It
   * publishes only while another node is registered as listening (relay-listeners.ts): a lone
   * node's sockets get everything from here.
   */
  local?: {
    origin: string;
    deliverLocally: (fence: number, events: DomainEvent[]) => void;
    /** As the nodes register with (registerRelayListener); only `settleMs` matters here. */
    listeners?: RelayListenerTimings;
  };
}

export interface OutboxRelay {
  /** Relays everything committed so far; resolves when the outbox is empty. */
  drain(): Promise<void>;
  /** Whether this relay holds the lead (a commit in its process may wake it with `wake`). */
  leading(): boolean;
  /** Reads soon (at most every `batchIntervalMs`), as a message on the wake channel would. */
  wake(): void;
  stop(): Promise<void>;
}

type RelayedEvent = DomainEvent & { outboxId: string };

/** Outbox rows published to sockets: every row id (invalid rows too) and the events. */
interface Rows {
  ids: string[];
  events: RelayedEvent[];
  /** Times the sinks failed on these rows. */
  failures: number;
}

const noRows = (): Rows => ({ ids: [], events: [], failures: 0 });

/** A batch the sinks failed on this often is halved, to corner an event they always fail on. */
const SPLIT_AFTER_FAILURES = 3;
/**
 * A lone event the sinks failed on this often is given up (logged, marked relayed without them)
 * if the batch after it sinks: then the sinks work, and only this event fails. Otherwise it is an
 * outage, and the event waits its turn.
 */
const GIVE_UP_AFTER_FAILURES = 3;
/** At most this many sink calls that passed their timeout may still be running; no more start. */
const MAX_STUCK_SINK_CALLS = 3;
/**
 * A sink call still running this many timeouts after it started is taken to never return (a bug
 * in a sink): it is logged and no longer counted, so sinking goes on (it leaks, at most
 * MAX_STUCK_SINK_CALLS per this many timeouts).
 */
const FORGET_STUCK_AFTER_TIMEOUTS = 10;

/** The rows split in two halves of events (rows with no valid event go with the first half). */
function halves(rows: Rows): [Rows, Rows] {
  const mid = Math.ceil(rows.events.length / 2);
  const second = rows.events.slice(mid);
  const secondIds = new Set(second.map((e) => e.outboxId));
  return [
    {
      ids: rows.ids.filter((id) => !secondIds.has(id)),
      events: rows.events.slice(0, mid),
      failures: 0,
    },
    { ids: second.map((e) => e.outboxId), events: second, failures: 0 },
  ];
}

/**
 * Moves committed outbox events to sockets (every realtime node, through one Redis message per read
 * on `eventsChannel`) and sinks, at least once and in outbox id order. One relay leads at a time
 * across all processes (relayLeadership), which keeps per-channel order.
 *
 * The leader publishes each read at once and remembers what it published; at most
 * `flushIntervalMs` later it hands those events on, in order, to a sink task that runs beside the
 * reads: the sinks, then the mark. Sinks that fail or hang never hold sockets up: their events are
 * sunk again, with backoff, and not published again (an event they alone keep failing on is
 * cornered and given up). A crash, or a lost lead, forgets what was published and not marked, so
 * the next leader publishes and sinks it again rather than lose it (clients and sinks dedupe by
 * event id). Each message carries the leader's fencing token, so nodes drop a late one from a
 * leader that has lost the lead.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, publisher, eventsChannel, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const batchTimeoutMs = options.batchTimeoutMs ?? 30_000;
  const batchIntervalMs = options.batchIntervalMs ?? RELAY_READ_INTERVAL_MS;
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxUnsunk = options.maxUnsunk ?? batchSize * 20;
  const maxMessageChars = options.maxMessageChars ?? 1024 * 1024;
  const sinkRetryMs = options.sinkRetryMs ?? 200;
  const sinkBackoffMs = (failures: number) =>
    Math.min(30_000, sinkRetryMs * 2 ** Math.min(failures - 1, 16));
  const sinks = options.sinks ?? [];
  const local = options.local;
  /** Whether anybody but this relay's own node reads what it publishes (always, unhosted). */
  const listened = local
    ? othersListening(publisher, eventsChannel, local.origin, local.listeners)
    : () => Promise.resolve(true);
  const leadership = relayLeadership(
    db,
    logger,
    pollIntervalMs,
    options.leaderIdleTimeoutMs ?? Math.max(15_000, 3 * pollIntervalMs),
  );
  let lastReadAt = 0;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushNow = false;

  /** The leadership term (its fence) the state below belongs to (-1: none). */
  let term = -1;
  /** Published, waiting for the flush, and when the first of them was read (monotonic clock). */
  let published = noRows();
  let publishedSince = 0;
  /** Flushed, in order: the sink task sinks and marks the first, then the next. */
  let sinking: Rows[] = [];
  /** The term whose sink task runs (-1: none). */
  let sinkTaskTerm = -1;
  /** Sink tasks not yet ended: the current term's, and an earlier term's still in a sink call. */
  const sinkTasks = new Set<Promise<void>>();
  let sinkFailures = 0;
  let sinkRetryAt = 0;
  let wakeSinkTask: (() => void) | null = null;
  /** Sink calls that passed their timeout and have not returned yet. */
  let stuckSinkCalls = 0;
  /** Reading paused with `maxUnsunk` events unsunk; the sink task restarts it. */
  let heldBack = false;

  /** When this relay last stored its token (monotonic clock). */
  let fenceStoredAt = -Infinity;
  async function storeFence(): Promise<void> {
    fenceStoredAt = performance.now();
    await publisher.set(relayFenceKey(eventsChannel), String(term));
  }

  const unsunk = () => sinking.reduce((n, rows) => n + rows.ids.length, published.ids.length);

  /** Forgets what this term published and did not mark: the next leader publishes it again. */
  function abandon(): void {
    term = -1; // a sink task of the forgotten term stops at its next look
    published = noRows();
    sinking = [];
    sinkFailures = 0;
    sinkRetryAt = 0;
    heldBack = false;
    flushNow = false;
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    wakeSinkTask?.();
  }

  async function read(conn: RelayConnection): Promise<number> {
    const { rows } = await conn.query<{ id: string; payload: string }>({
      name: 'parley_relay_read',
      // "o.id", not "id": that would name the text column, and sort by text. The payload comes as
      // its JSON text: published as it is, parsed once here for the check and the sinks.
      text: `SELECT o.id::text AS id, o.payload::text AS payload FROM outbox_events o
             WHERE o."relayedAt" IS NULL AND o.id <> ALL($1::bigint[]) ORDER BY o.id LIMIT $2`,
      values: [sinking.flatMap((r) => r.ids).concat(published.ids), batchSize],
    });
    if (rows.length === 0) return 0;
    const payloads: string[] = [];
    const events: RelayedEvent[] = [];
    const checked: DomainEvent[] = [];
    for (const row of rows) {
      const parsed = domainEvent.safeParse(JSON.parse(row.payload));
      if (!parsed.success) {
        logger.error(
          { outboxId: row.id, issues: parsed.error.issues },
          'outbox event does not match its contract; skipped',
        );
        continue;
      }
      payloads.push(row.payload);
      events.push({ ...parsed.data, outboxId: row.id });
      checked.push(parsed.data);
    }
    const fence = leadership.fence();
    await publish(fence, payloads);
    if (checked.length > 0) local?.deliverLocally(fence, checked);
    // Published (where anybody listens) only once Redis has taken it.
    if (published.ids.length === 0) publishedSince = performance.now();
    for (const row of rows) published.ids.push(row.id);
    published.events.push(...events);
    return rows.length;
  }

  /**
   * One message for the whole read, in outbox order, unless it would pass `maxMessageChars`: then
   * as many as it takes, in order. (Redis drops a subscriber whose output buffer passes 32 MB.)
   */
  async function publish(fence: number, payloads: string[]): Promise<void> {
    if (!(await listened())) return;
    const send = (part: string[]) =>
      publisher.publish(eventsChannel, encodeRelayedBatch(fence, part, local?.origin));
    let from = 0;
    let chars = 0;
    const sends: Promise<number>[] = [];
    payloads.forEach((payload, i) => {
      if (i > from && chars + payload.length > maxMessageChars) {
        sends.push(send(payloads.slice(from, i)));
        from = i;
        chars = 0;
      }
      chars += payload.length + 1;
    });
    if (from < payloads.length) sends.push(send(payloads.slice(from)));
    await Promise.all(sends);
  }

  /** Hands what was published to the sink task, behind what it already has. */
  function flush(): void {
    flushNow = false;
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (published.ids.length > 0) {
      sinking.push(published);
      published = noRows();
    }
    if (sinking.length > 0 && sinkTaskTerm !== term) {
      sinkTaskTerm = term;
      const myTerm = term;
      const task: Promise<void> = sinkAll(myTerm)
        .catch((error: unknown) => {
          if (sinkTaskTerm === myTerm) sinkTaskTerm = -1;
          logger.error({ err: error }, 'outbox sink task failed; the next flush restarts it');
        })
        .finally(() => sinkTasks.delete(task));
      sinkTasks.add(task);
    }
  }

  /** The sinks, then the mark. A sink call that times out is left running (up to a few). */
  async function sinkAndMark(conn: RelayConnection, rows: Rows): Promise<void> {
    if (rows.events.length > 0) {
      if (stuckSinkCalls >= MAX_STUCK_SINK_CALLS)
        throw new Error(`${stuckSinkCalls} sink calls past their timeout have not returned yet`);
      const call = (async () => {
        for (const sink of sinks) await sink(rows.events);
      })();
      /** `running`, then `stuck` (counted) once past its timeout, then `over` (returned or forgotten). */
      let state: 'running' | 'stuck' | 'over' = 'running';
      let forget: NodeJS.Timeout | undefined;
      const done = () => {
        if (state === 'stuck') stuckSinkCalls--;
        state = 'over';
        clearTimeout(forget);
      };
      call.then(done, done);
      try {
        await withTimeout(call, batchTimeoutMs);
      } catch (error) {
        if (state === 'running') {
          state = 'stuck'; // from now on, its return frees a place
          stuckSinkCalls++;
          forget = setTimeout(
            () => {
              if (state !== 'stuck') return;
              logger.error(
                {
                  events: rows.events.length,
                  afterMs: FORGET_STUCK_AFTER_TIMEOUTS * batchTimeoutMs,
                },
                'an outbox sink call never returned; no longer waiting for it',
              );
              done();
            },
            (FORGET_STUCK_AFTER_TIMEOUTS - 1) * batchTimeoutMs,
          );
          forget.unref();
        }
        throw error;
      }
    }
    await markRelayed(conn, rows.ids);
  }

  async function markRelayed(conn: RelayConnection, ids: string[]): Promise<void> {
    await conn.query({
      name: 'parley_relay_mark',
      text: 'UPDATE outbox_events SET "relayedAt" = now() WHERE id = ANY($1::bigint[])',
      values: [ids],
    });
  }

  /**
   * `rows` holds one event the sinks keep failing on. If the next batch sinks, the sinks work:
   * that event alone fails (it would otherwise hold every later one, and past maxUnsunk the
   * sockets too), so it is logged and marked relayed without them.
   */
  async function giveUpIfOthersSink(
    conn: RelayConnection,
    rows: Rows,
    myTerm: number,
  ): Promise<void> {
    const next = sinking[1];
    if (!next || sinking[0] !== rows) return;
    try {
      await sinkAndMark(conn, next);
    } catch {
      return; // the sinks fail on others too: an outage, not this event
    }
    if (term !== myTerm) return;
    const [event] = rows.events;
    logger.error(
      { eventId: event?.eventId, type: event?.type, outboxId: event?.outboxId },
      'outbox sinks keep failing on this event alone; marked relayed without them',
    );
    await markRelayed(conn, rows.ids).catch(() => undefined); // unmarked: published again later
    if (term !== myTerm) return;
    sinking = sinking.filter((r) => r !== rows && r !== next);
    sinkFailures = 0;
    sinkRetryAt = 0;
  }

  /**
   * Sinks, then marks, each flushed batch in order, while this relay leads in `myTerm`. A failure
   * leaves the batch first in line, tried again after a backoff (200 ms, doubling to 30 s).
   */
  async function sinkAll(myTerm: number): Promise<void> {
    while (sinking.length > 0 && term === myTerm) {
      const wait = sinkRetryAt - performance.now();
      if (wait > 0 && !stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wakeSinkTask = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      wakeSinkTask = null;
      const conn = leadership.held();
      const rows = sinking[0];
      if (!conn || !rows || term !== myTerm || leadership.fence() !== myTerm) break;
      try {
        await sinkAndMark(conn, rows);
        if (term !== myTerm) break; // a forgotten term's batch: the state is the next term's now
        if (sinking[0] === rows) sinking.shift();
        sinkFailures = 0;
        sinkRetryAt = 0;
      } catch (error) {
        if (term !== myTerm) break;
        rows.failures++;
        sinkFailures++;
        const retryInMs = sinkBackoffMs(sinkFailures);
        sinkRetryAt = performance.now() + retryInMs;
        logger.error(
          { err: error, failures: sinkFailures, retryInMs, events: rows.events.length },
          'outbox sinks failed; the events stay published to sockets and are sunk again',
        );
        if (stopped) break;
        if (rows.events.length > 1 && rows.failures >= SPLIT_AFTER_FAILURES) {
          if (sinking[0] === rows) sinking.splice(0, 1, ...halves(rows));
        } else if (rows.events.length === 1 && rows.failures >= GIVE_UP_AFTER_FAILURES) {
          await giveUpIfOthersSink(conn, rows, myTerm);
        }
      }
      if (heldBack && unsunk() < maxUnsunk && term === myTerm) {
        heldBack = false;
        void kick();
      }
    }
    // No await since the loop's last look at `sinking`: a flush that comes after it starts a task.
    if (sinkTaskTerm === myTerm) sinkTaskTerm = -1;
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        const wait = lastReadAt + batchIntervalMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        lastReadAt = performance.now();
        const conn = await leadership.lead();
        if (!conn) continue;
        if (leadership.fence() !== term) {
          abandon();
          term = leadership.fence();
          // Before this term's first publish: a node that subscribes later learns the token here.
          // Set, not raised: the last relay to win the lead is the leader, and its token may be
          // lower than a stored one from another PostgreSQL cluster (a restore, a new volume, or
          // another deployment on this Redis), which nodes must not keep obeying.
          await storeFence();
        }
        let got = 0;
        do {
          if (unsunk() >= maxUnsunk) {
            if (!heldBack)
              logger.warn({ unsunk: unsunk() }, 'outbox sinks are behind; relaying paused');
            heldBack = true;
            await conn.query('SELECT 1'); // still here: not a stalled leader
            break;
          }
          got = await read(conn);
          if (published.ids.length >= batchSize) flush();
        } while (got === batchSize && !stopped);
        // Stored again now and then, after a query proved this session (and so the lead) alive:
        // a key lost to a Redis restart, or overwritten late by a leader that had lost the lead,
        // heals within a poll interval.
        if (performance.now() - fenceStoredAt >= pollIntervalMs) await storeFence();
        if (flushNow || performance.now() - publishedSince >= flushIntervalMs) flush();
        else if (published.ids.length > 0 && !flushTimer) {
          flushTimer = setTimeout(
            () => {
              flushTimer = undefined;
              flushNow = true;
              void kick();
            },
            publishedSince + flushIntervalMs - performance.now(),
          );
        }
      } catch (error) {
        // Whatever was published and not marked is published and sunk again by whoever leads next.
        abandon();
        await leadership.resign();
        if (!stopped) logger.error({ err: error }, 'outbox relay batch failed; will retry');
        await new Promise((r) => setTimeout(r, 200));
        again = !stopped;
      }
    } while (again && !stopped);
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  }

  const channel = options.wakeChannel ?? OUTBOX_WAKE_CHANNEL;
  const onMessage = (ch: string) => {
    if (ch === channel) void kick();
  };
  options.subscriber.on('message', onMessage);
  void options.subscriber
    .subscribe(channel)
    .catch((error: unknown) => logger.error({ err: error }, 'outbox relay could not subscribe'));
  const schedule = () => {
    pollTimer = setTimeout(() => {
      void kick().finally(() => {
        if (!stopped) schedule();
      });
    }, pollIntervalMs);
  };
  schedule();
  void kick();

  return {
    async drain() {
      for (;;) {
        flushNow = true;
        await kick();
        const left = await db.outboxEvent.count({ where: { relayedAt: null } });
        if (left === 0 || stopped) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    leading: () => !stopped && leadership.held() !== null,
    wake: () => void kick(),
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      if (flushTimer) clearTimeout(flushTimer);
      options.subscriber.off('message', onMessage);
      await options.subscriber.unsubscribe(channel).catch(() => undefined);
      await running;
      // Hand over what was published: sunk and marked now (one try each), or published again by
      // the next leader.
      if (leadership.held() && leadership.fence() === term) flush();
      wakeSinkTask?.();
      // Every term's: a forgotten term's task may still be in a sink call (ended by its timeout).
      await Promise.all(sinkTasks);
      if (unsunk() > 0)
        logger.warn(
          { unsunk: unsunk() },
          'outbox relay stopped with events unsunk; the next leader will',
        );
      await leadership.close();
    },
  };
}

/** Rejects when `work` takes longer than `ms` (the work itself is left to finish or hang alone). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`relay batch took over ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
