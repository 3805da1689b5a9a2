import { domainEvent, type DomainEvent } from '@parley/contracts';
import type { Db } from '@parley/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { OUTBOX_WAKE_CHANNEL, RELAY_READ_INTERVAL_MS } from './events-port.ts';
import { relayLeadership, type RelayConnection } from './relay-leadership.ts';

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
  batchSize?: number;
  /** Sinks that take longer are abandoned: what was published since the last flush is published again. */
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
  wakeChannel?: string;
  /** Test hook: called after the sinks, before marking relayed (simulates a crash when it throws). */
  beforeMark?: (events: DomainEvent[]) => void;
}

export interface OutboxRelay {
  /** Relays everything committed so far; resolves when the outbox is empty. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

type RelayedEvent = DomainEvent & { outboxId: string };

/** Published to sockets, not yet sunk and marked: every row id (invalid rows too) and the events. */
interface Pending {
  ids: string[];
  events: RelayedEvent[];
  /** When the first of them was read (performance.now(): a wall clock set back must not stall it). */
  since: number;
}

const nothingPending = (): Pending => ({ ids: [], events: [], since: 0 });

/**
 * Moves committed outbox events to sockets (every realtime node, through one Redis message per read
 * on `eventsChannel`) and sinks, at least once and in outbox id order. One relay leads at a time
 * across all processes (relayLeadership), which keeps per-channel order. The leader publishes each
 * read at once and remembers what it published; at most `flushIntervalMs` later it hands those
 * events to the sinks and then marks them relayed. A crash or a failed flush in between forgets
 * them, so they are published and sunk again rather than lost (clients and sinks dedupe by event
 * id).
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, publisher, eventsChannel, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const batchTimeoutMs = options.batchTimeoutMs ?? 30_000;
  const batchIntervalMs = options.batchIntervalMs ?? RELAY_READ_INTERVAL_MS;
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const sinks = options.sinks ?? [];
  const leadership = relayLeadership(db, logger, pollIntervalMs);
  let lastReadAt = 0;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let pending = nothingPending();
  let flushNow = false;

  async function read(conn: RelayConnection): Promise<number> {
    const { rows } = await conn.query<{ id: string; payload: string }>({
      name: 'parley_relay_read',
      // "o.id", not "id": that would name the text column, and sort by text. The payload comes as
      // its JSON text: published as it is, parsed once here for the check and the sinks.
      text: `SELECT o.id::text AS id, o.payload::text AS payload FROM outbox_events o
             WHERE o."relayedAt" IS NULL AND o.id <> ALL($1::bigint[]) ORDER BY o.id LIMIT $2`,
      values: [pending.ids, batchSize],
    });
    if (rows.length === 0) return 0;
    const published: string[] = [];
    const events: RelayedEvent[] = [];
    for (const row of rows) {
      const parsed = domainEvent.safeParse(JSON.parse(row.payload));
      if (!parsed.success) {
        logger.error(
          { outboxId: row.id, issues: parsed.error.issues },
          'outbox event does not match its contract; skipped',
        );
        continue;
      }
      published.push(row.payload);
      events.push({ ...parsed.data, outboxId: row.id });
    }
    // One message for the whole read, in outbox order; pending only once Redis has taken it.
    if (published.length > 0) await publisher.publish(eventsChannel, `[${published.join(',')}]`);
    if (pending.ids.length === 0) pending.since = performance.now();
    for (const row of rows) pending.ids.push(row.id);
    pending.events.push(...events);
    return rows.length;
  }

  /** Sinks, then the mark; on any failure what was pending is forgotten (published again later). */
  async function flush(conn: RelayConnection): Promise<void> {
    const { ids, events } = pending;
    pending = nothingPending();
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (ids.length > 0) {
      await withTimeout(
        (async () => {
          for (const sink of sinks) await sink(events);
        })(),
        batchTimeoutMs,
      );
      options.beforeMark?.(events);
      await conn.query({
        name: 'parley_relay_mark',
        text: 'UPDATE outbox_events SET "relayedAt" = now() WHERE id = ANY($1::bigint[])',
        values: [ids],
      });
    }
    flushNow = false;
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
        let got = 0;
        do {
          got = await read(conn);
          if (pending.ids.length >= batchSize) await flush(conn);
        } while (got === batchSize && !stopped);
        if (flushNow || performance.now() - pending.since >= flushIntervalMs) await flush(conn);
        else if (pending.ids.length > 0 && !flushTimer) {
          flushTimer = setTimeout(
            () => {
              flushTimer = undefined;
              flushNow = true;
              void kick();
            },
            pending.since + flushIntervalMs - performance.now(),
          );
        }
      } catch (error) {
        // Whatever was published and not marked is published and sunk again by whoever leads next.
        pending = nothingPending();
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
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      if (flushTimer) clearTimeout(flushTimer);
      options.subscriber.off('message', onMessage);
      await options.subscriber.unsubscribe(channel).catch(() => undefined);
      await running;
      // Hand over what was published: sunk and marked now, or published again by the next leader.
      const conn = leadership.held();
      if (conn)
        await flush(conn).catch((error: unknown) =>
          logger.warn({ err: error }, 'outbox relay could not flush on stop; the next leader will'),
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
