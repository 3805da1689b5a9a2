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

/** What a send is answered with (sendMessage's result). */
export interface Sent {
  message: MessageDto;
  /** True when this was a retry of an already-stored clientMsgId: nothing new was written. */
  duplicate: boolean;
}

interface Pending<P extends PlainSend | null = PlainSend | null> {
  channelId: string;
  /** Null for a send the statement cannot write (thread, files, mentions, a bot): general path only. */
  plain: P;
  /** The general path: one transaction for this send alone. */
  general: () => Promise<Sent>;
  resolve: (sent: Sent) => void;
  reject: (error: unknown) => void;
}

/**
 * The queue every send of this process goes through: it commits each channel's sends in the order
 * they arrived, and group-commits the plain ones.
 *
 * A plain send is written at once when no statement is under way and none started in the last
 * GATHER_MS; sends that arrive meanwhile wait and go together in the next statement (a second one
 * runs alongside only for a backlog). So a lone send costs one statement, and under load many
 * sends share one statement, one round trip and one commit.
 *
 * Every send of a channel is committed in the order it arrived: a channel in a statement under way
 * takes no other; a send the statement cannot write (a thread reply, files, mentions, a bot) takes
 * the general path in its turn, alone in its channel; and the sends of a statement that failed as
 * a whole, or that it refused, take the general path one at a time before their channels take
 * anything else. Every caller is answered only after its send committed, or with its error.
 */
export class SendQueue {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Sends in the queue that take the general path, and general-path sends under way. */
  private generalQueued = 0;
  private generalRunning = 0;
  /** Channels with a statement or a general-path send under way: they take nothing else meanwhile. */
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

  /**
   * Commits a send in its channel's arrival order: `plain` in a shared statement when it can be
   * (null: it cannot), else `general`. Resolves after the commit, or rejects with its error.
   */
  send(channelId: string, plain: PlainSend | null, general: () => Promise<Sent>): Promise<Sent> {
    return new Promise((resolve, reject) => {
      this.queue.push({ channelId, plain, general, resolve, reject });
      if (!plain) this.generalQueued++;
      this.pump();
    });
  }

  /** Resolves once every send queued so far has been committed or refused (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0 || this.generalRunning > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  private settled(): void {
    this.pump();
    if (this.inFlight === 0 && this.generalRunning === 0)
      for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Starts each general-path send that is first in line in a channel with nothing under way. */
  private startGeneral(): void {
    if (this.generalQueued === 0) return;
    const blocked = new Set(this.busyChannels);
    this.queue = this.queue.filter((p) => {
      const first = !blocked.has(p.channelId);
      blocked.add(p.channelId);
      if (p.plain || !first) return true;
      this.generalQueued--;
      this.generalRunning++;
      this.busyChannels.add(p.channelId);
      void p
        .general()
        .then(p.resolve, p.reject)
        .finally(() => {
          this.generalRunning--;
          this.busyChannels.delete(p.channelId);
          this.settled();
        });
      return false;
    });
  }

  private pump(): void {
    this.startGeneral();
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
      const channels = new Set(batch.map((p) => p.channelId));
      for (const c of channels) this.busyChannels.add(c);
      this.inFlight++;
      this.lastStartAt = performance.now();
      void this.write(batch).then((unwritten) => {
        this.inFlight--;
        for (const c of channels) if (!unwritten.has(c)) this.busyChannels.delete(c);
        for (const [c, sends] of unwritten) this.generalInOrder(c, sends);
        this.settled();
      });
    }
  }

  /**
   * Takes up to MAX_BATCH queued sends in arrival order, keeping each channel's sends in the order
   * they arrived: a channel already in a statement under way waits for it (two statements could
   * commit in either order), and so does everything queued after a send that had to wait or takes
   * the general path. A repeat of a clientMsgId already in the batch waits for the next one, where
   * it finds the original.
   */
  private take(): Pending<PlainSend>[] {
    const batch: Pending<PlainSend>[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    const waiting = new Set<string>();
    for (const p of this.queue) {
      const { channelId, plain } = p;
      const key = plain?.clientMsgId ? `${channelId}:${plain.actor.id}:${plain.clientMsgId}` : null;
      if (
        !plain ||
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
      batch.push({ ...p, plain });
    }
    this.queue = rest;
    return batch;
  }

  /**
   * One statement for the batch; answers the sends it wrote. Returns the others by channel (all of
   * them when the statement failed as a whole), in arrival order, for the general path.
   */
  private async write(batch: Pending<PlainSend>[]): Promise<Map<string, Pending[]>> {
    let written: (MessageDto | null)[] = [];
    try {
      written = await insertPlainMessages(
        this.deps,
        batch.map((p) => p.plain),
      );
      if (written.some((m) => m !== null)) this.deps.events.committed();
    } catch (error) {
      // Nothing was written: every send takes the general path, which reports its own outcome.
      this.deps.logger.debug({ err: error, size: batch.length }, 'plain send batch failed');
    }
    const unwritten = new Map<string, Pending[]>();
    batch.forEach((p, i) => {
      const message = written[i];
      const waiting = unwritten.get(p.channelId);
      if (message) p.resolve({ message, duplicate: false });
      else if (waiting) waiting.push(p);
      else unwritten.set(p.channelId, [p]);
    });
    return unwritten;
  }

  /** A channel's unwritten sends, one at a time on the general path; the channel stays busy. */
  private generalInOrder(channelId: string, sends: Pending[]): void {
    this.generalRunning++;
    void (async () => {
      for (const p of sends) await p.general().then(p.resolve, p.reject);
    })().finally(() => {
      this.generalRunning--;
      this.busyChannels.delete(channelId);
      this.settled();
    });
  }
}

const queues = new WeakMap<object, SendQueue>();

/** The send queue of one composition root's services (keyed by its deps object). */
export function sendQueueFor(deps: ServiceDeps): SendQueue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = new SendQueue(deps);
    queues.set(deps, queue);
  }
  return queue;
}

/**
 * Waits until every send accepted so far is committed (or refused), so a process that is
 * shutting down answers what it took before it closes its database pool.
 */
export async function drainSends(deps: ServiceDeps): Promise<void> {
  await queues.get(deps)?.drain();
}
