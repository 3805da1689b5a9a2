import type { MessageDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { insertPlainMessages, type PlainSend } from './insert-plain-messages.ts';

/** At most this many sends go into one statement. */
const MAX_BATCH = 256;
/** At most this many batch statements run at once per process (each holds one pooled connection). */
const MAX_IN_FLIGHT = 2;
/**
 * A second statement starts only when at least this many sends are waiting. Under a steady stream
 * one statement at a time, each carrying whatever arrived meanwhile, is cheapest for PostgreSQL and
 * fastest for the sender (chat bench: p99 25-50 ms with one, 35-200 ms with three in flight); a
 * backlog is worth a second connection (saturated writes: one leaves a core idle).
 */
const PARALLEL_BACKLOG = 8;
/**
 * With nothing under way, a statement starts at once only if this many sends wait or the last one
 * started GATHER_MS ago; otherwise the sends gather until then. A lone send after a quiet spell is
 * written at once, and a burst (many writers, each waiting for its ack) at once too, but a steady
 * trickle shares statements: the chat bench's 1,000 sends/s took ~10,000 statements of 2.3 sends
 * back to back, ~4,000 of 5.7 with 5 ms (node ~1 CPU-s and PostgreSQL ~2 CPU-s less, p50 +4 ms).
 */
export const FULL_ENOUGH = 8;
const GATHER_MS = 5;

interface Pending {
  send: PlainSend;
  resolve: (message: MessageDto | null) => void;
}

/**
 * Group commit for plain sends. A send is written at once when no statement is under way and none
 * started in the last GATHER_MS; sends that arrive meanwhile wait and go together in the next
 * statement (a second one runs alongside only for a backlog). So a lone send costs one statement,
 * and under load many sends share one statement, one round trip and one commit. Every caller is
 * answered only after its statement committed (or with null: take the general path, which is also
 * the answer for every send of a statement that failed as a whole).
 */
export class PlainSendBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Channels with sends in a statement under way. */
  private readonly busyChannels = new Set<string>();
  private readonly idle: (() => void)[] = [];
  private lastStartAt = -Infinity;
  /** The start of a statement that waits for sends to gather. */
  private gathering: NodeJS.Timeout | undefined;

  private readonly gatherMs: number;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'clock' | 'events' | 'logger'>,
    options: { gatherMs?: number } = {},
  ) {
    this.gatherMs = options.gatherMs ?? GATHER_MS;
  }

  send(send: PlainSend): Promise<MessageDto | null> {
    return new Promise((resolve) => {
      this.queue.push({ send, resolve });
      this.pump();
    });
  }

  /** Resolves once every send queued so far has been committed or refused (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  private pump(): void {
    if (this.inFlight === 0 && this.queue.length > 0 && this.queue.length < FULL_ENOUGH) {
      const wait = this.lastStartAt + this.gatherMs - performance.now();
      if (wait > 0) {
        this.gathering ??= setTimeout(() => {
          this.gathering = undefined;
          this.pump();
        }, wait);
        return;
      }
    }
    clearTimeout(this.gathering);
    this.gathering = undefined;
    while (
      this.inFlight < MAX_IN_FLIGHT &&
      this.queue.length > (this.inFlight === 0 ? 0 : PARALLEL_BACKLOG - 1)
    ) {
      const batch = this.take();
      if (batch.length === 0) return; // everything queued waits for a channel under way
      const channels = new Set(batch.map((p) => p.send.channelId));
      for (const c of channels) this.busyChannels.add(c);
      this.inFlight++;
      this.lastStartAt = performance.now();
      void this.flush(batch).finally(() => {
        this.inFlight--;
        for (const c of channels) this.busyChannels.delete(c);
        this.pump();
        if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  /**
   * Takes up to MAX_BATCH queued sends in arrival order, keeping each channel's sends in the order
   * they arrived: a channel already in a statement under way waits for it (two statements could
   * commit in either order), and so does everything queued after a send that had to wait. A repeat
   * of a clientMsgId already in the batch waits for the next one, where it finds the original.
   */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    const waiting = new Set<string>();
    for (const p of this.queue) {
      const { channelId, clientMsgId, actor } = p.send;
      const key = clientMsgId ? `${channelId}:${actor.id}:${clientMsgId}` : null;
      if (
        batch.length >= MAX_BATCH ||
        waiting.has(channelId) ||
        this.busyChannels.has(channelId) ||
        (key && keys.has(key))
      ) {
        waiting.add(channelId);
        rest.push(p);
        continue;
      }
      if (key) keys.add(key);
      batch.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const written = await insertPlainMessages(
        this.deps,
        batch.map((p) => p.send),
      );
      if (written.some((m) => m !== null)) this.deps.events.committed();
      batch.forEach((p, i) => p.resolve(written[i] ?? null));
    } catch (error) {
      // Nothing was written: each send retries on the general path, which reports its own outcome.
      this.deps.logger.debug({ err: error, size: batch.length }, 'plain send batch failed');
      for (const p of batch) p.resolve(null);
    }
  }
}

const batchers = new WeakMap<object, PlainSendBatcher>();

/** The batcher of one composition root's services (keyed by its deps object). */
export function plainSendBatcherFor(deps: ServiceDeps): PlainSendBatcher {
  let batcher = batchers.get(deps);
  if (!batcher) {
    batcher = new PlainSendBatcher(deps);
    batchers.set(deps, batcher);
  }
  return batcher;
}

/**
 * Waits until every plain send accepted so far is committed (or refused), so a process that is
 * shutting down answers what it took before it closes its database pool.
 */
export async function drainSends(deps: ServiceDeps): Promise<void> {
  await batchers.get(deps)?.drain();
}
