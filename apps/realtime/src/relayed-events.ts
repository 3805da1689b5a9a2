import {
  relayedEventsChannel,
  relayFenceKey,
  routeEvent,
  type RoomTarget,
} from '@parley/api/relay';
import {
  domainEvent,
  relayedBatch,
  relayedBatchOriginPrefix,
  type DomainEvent,
} from '@parley/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ConnectingSockets } from './connecting-sockets.ts';
import type { OwnSends } from './own-sends.ts';
import type { ParleyServer } from './realtime-context.ts';

/** How long a node waits for the stored fencing token before going on with the one it has. */
const STORED_FENCE_TIMEOUT_MS = 2_000;

/**
 * Tells every client of this node to reconnect: relayed events may have passed this node by, and
 * a reconnect re-reads the client's rooms and syncs what it missed.
 */
export function resyncClients(io: ParleyServer): void {
  io.local.emit('server:reconnect', { reason: 'missed live events; resyncing' });
}

/** One read of the outbox; `checked` once its events have passed `domainEvent` (a local relay's). */
interface Batch {
  fence: number;
  events: unknown[];
  checked: boolean;
}

export interface RelayedEventsDelivery {
  /**
   * The relay this node hosts hands each read here (checked, in order) instead of through Redis;
   * its messages on the channel (`origin`) are skipped unread.
   */
  deliverLocally: (fence: number, events: DomainEvent[]) => void;
}

/**
 * Delivers what the outbox relay publishes to this node's own sockets. Each message is one read of
 * the outbox (`relayedBatch`): domain events in outbox order, routed here in that order (room joins
 * and leaves included), unless they come from an older leader. Every node receives every message
 * and serves its local rooms. Listens on the Socket.IO adapter's subscriber connection; `redis`
 * (not in subscriber mode) reads the current leader's fencing token. What the node's own relay
 * (`origin`) reads comes through `deliverLocally`, in the same order and under the same fencing.
 */
export function deliverRelayedEvents(
  io: ParleyServer,
  connecting: ConnectingSockets,
  subscriber: Redis,
  redis: Redis,
  keyPrefix: string,
  logger: Logger,
  origin: string,
  ownSends: OwnSends,
): RelayedEventsDelivery {
  const ownPrefix = relayedBatchOriginPrefix(origin);
  const channel = relayedEventsChannel(keyPrefix);
  // routeEvent emits each event under socketEventFor[event.type], the pairing ServerToClientEvents
  // declares; TypeScript cannot follow that correlation through a union, hence the cast.
  const sockets = io.local as unknown as RoomTarget;
  // The current leader's fencing token: a message with a smaller one comes from a relay that has
  // lost the lead since (it stalled, then published what it had read), and may undo later room
  // changes. Raised by every message with a larger one, and by the stored token (which the
  // leader sets when it wins and now and then while it leads) after each subscribe. A smaller
  // token is followed only when the store names it: a leader whose PostgreSQL cluster counts
  // lower than the last one (a restored database, a new volume).
  let fence = 0;
  /** The smaller token the store named another for: later messages with it are dropped unread. */
  let checkedFor = -1;
  // While the stored token is read, messages wait here, in order.
  let waiting: Batch[] | null = [];

  async function storedFence(): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const stored = await Promise.race([
        redis.get(relayFenceKey(channel)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), STORED_FENCE_TIMEOUT_MS);
        }),
      ]);
      const token = Number(stored);
      return stored !== null && Number.isSafeInteger(token) ? token : null;
    } catch (error) {
      logger.warn({ err: error }, 'could not read the relay fencing token; using the last seen');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
  /** After a subscribe: the stored token covers every lead won before it. */
  async function readAfterSubscribe(): Promise<void> {
    const stored = await storedFence();
    if (stored !== null) fence = Math.max(fence, stored);
    release();
  }
  /** A message came with a smaller token: follow it if the store names it, else drop it. */
  async function recheck(token: number): Promise<void> {
    const stored = await storedFence();
    if (stored === token) fence = token;
    // A failed or empty read leaves checkedFor alone: the next message with this token asks again.
    else if (stored !== null) checkedFor = token;
    release();
  }
  function release(): void {
    const held = waiting ?? [];
    waiting = null;
    for (const batch of held) deliver(batch);
  }

  function accept(batch: Batch): void {
    if (waiting) waiting.push(batch);
    else if (batch.fence < fence && batch.fence !== checkedFor) {
      waiting = [batch];
      void recheck(batch.fence);
    } else deliver(batch);
  }

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel || message.startsWith(ownPrefix)) return;
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      json = null;
    }
    const batch = relayedBatch.safeParse(json);
    if (!batch.success) {
      logger.error({ bytes: message.length }, 'relayed events are not a relayed batch; dropped');
      return;
    }
    accept({ fence: batch.data.fence, events: batch.data.events, checked: false });
  });

  function deliver(batch: Batch): void {
    if (batch.fence < fence) {
      logger.warn(
        { fence: batch.fence, current: fence, events: batch.events.length },
        'relayed events from a relay that lost the lead; dropped',
      );
      return;
    }
    if (batch.fence > fence) checkedFor = -1;
    fence = batch.fence;
    for (const raw of batch.events) {
      let event: DomainEvent;
      if (batch.checked) event = raw as DomainEvent;
      else {
        const parsed = domainEvent.safeParse(raw);
        if (!parsed.success) {
          logger.error(
            { issues: parsed.error.issues },
            'relayed event does not match its contract',
          );
          continue;
        }
        event = parsed.data;
      }
      try {
        routeEvent(sockets, event, ownSends.take(event));
        // Sockets still in the handshake are not among io.local's yet; they record what this
        // event does to their rooms.
        if (connecting.any) routeEvent(connecting.target, event);
      } catch (error) {
        logger.error({ err: error, type: event.type }, 'could not route a relayed event');
      }
    }
  }
  // Pub/sub keeps nothing for a subscriber that is away: what was relayed while this connection
  // was down (messages, and the room joins and leaves they imply) never reaches this node. ioredis
  // reconnects and resubscribes; then every client here is told to reconnect, which re-reads its
  // rooms from the database and syncs the messages it missed.
  let lost = false;
  subscriber.on('close', () => {
    lost = true;
    waiting ??= [];
  });
  subscriber.on('ready', () => {
    if (!lost) return;
    lost = false;
    void subscribe(); // ioredis resubscribes too, but may do so after 'ready'
    logger.warn('relayed events were missed while Redis was unreachable; clients will resync');
    resyncClients(io);
  });
  /** Subscribes, then reads the stored token (so it covers every lead won before the subscription). */
  async function subscribe(): Promise<void> {
    try {
      await subscriber.subscribe(channel);
    } catch (error) {
      logger.error({ err: error }, 'could not subscribe to relayed events');
    }
    await readAfterSubscribe();
  }
  void subscribe();
  return {
    deliverLocally: (batchFence, events) => accept({ fence: batchFence, events, checked: true }),
  };
}
