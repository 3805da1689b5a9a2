import {
  relayedEventsChannel,
  relayFenceKey,
  routeEvent,
  type RoomTarget,
} from '@parley/api/relay';
import { domainEvent, relayedBatch, type RelayedBatch } from '@parley/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ConnectingSockets } from './connecting-sockets.ts';
import type { ParleyServer } from './realtime-context.ts';

/**
 * Delivers what the outbox relay publishes to this node's own sockets. Each message is one read of
 * the outbox (`relayedBatch`): domain events in outbox order, routed here in that order (room joins
 * and leaves included), unless they come from an older leader. Every node receives every message
 * and serves its local rooms. Listens on the Socket.IO adapter's subscriber connection; `redis`
 * (not in subscriber mode) reads the current leader's fencing token.
 */
export function deliverRelayedEvents(
  io: ParleyServer,
  connecting: ConnectingSockets,
  subscriber: Redis,
  redis: Redis,
  keyPrefix: string,
  logger: Logger,
): void {
  const channel = relayedEventsChannel(keyPrefix);
  // routeEvent emits each event under socketEventFor[event.type], the pairing ServerToClientEvents
  // declares; TypeScript cannot follow that correlation through a union, hence the cast.
  const sockets = io.local as unknown as RoomTarget;
  // The current leader's fencing token: a message with a smaller one comes from a relay that has
  // lost the lead since (it stalled, then published what it had read), and may undo later room
  // changes. Raised by every message with a larger one; set from the stored token (the last
  // relay to win the lead stores its own) after each subscribe, and when a smaller one arrives:
  // the store tells a leader that lost the lead (drop) from one whose PostgreSQL cluster counts
  // lower than the last (a restored or new database; follow it).
  let fence = 0;
  /** The smaller token the stored one was last read for: later messages with it are just dropped. */
  let checkedFor = -1;
  // While the stored token is read, messages wait here, in order.
  let waiting: RelayedBatch[] | null = [];
  async function readStoredFence(): Promise<void> {
    try {
      const stored = await redis.get(relayFenceKey(channel));
      if (stored !== null && Number.isSafeInteger(Number(stored))) fence = Number(stored);
    } catch (error) {
      logger.warn({ err: error }, 'could not read the relay fencing token; using the last seen');
    }
    const held = waiting ?? [];
    waiting = null;
    for (const batch of held) deliver(batch);
  }
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
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
    if (waiting) waiting.push(batch.data);
    else if (batch.data.fence < fence && batch.data.fence !== checkedFor) {
      checkedFor = batch.data.fence;
      waiting = [batch.data];
      void readStoredFence();
    } else deliver(batch.data);
  });

  function deliver(batch: RelayedBatch): void {
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
      const parsed = domainEvent.safeParse(raw);
      if (parsed.success) {
        routeEvent(sockets, parsed.data);
        // Sockets still in the handshake are not among io.local's yet; they record what this
        // event does to their rooms.
        if (connecting.any) routeEvent(connecting.target, parsed.data);
      } else
        logger.error({ issues: parsed.error.issues }, 'relayed event does not match its contract');
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
    io.local.emit('server:reconnect', { reason: 'missed live events; resyncing' });
  });
  /** Subscribes, then reads the stored token (so it covers every lead won before the subscription). */
  async function subscribe(): Promise<void> {
    try {
      await subscriber.subscribe(channel);
    } catch (error) {
      logger.error({ err: error }, 'could not subscribe to relayed events');
    }
    await readStoredFence();
  }
  void subscribe();
}
