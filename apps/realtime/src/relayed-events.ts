import {
  relayedEventsChannel,
  relayFenceKey,
  routeEvent,
  type RoomTarget,
} from '@parley/api/relay';
import { domainEvent, relayedBatch } from '@parley/contracts';
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
  // The largest fencing token seen: a message with a smaller one comes from a relay that has lost
  // the lead since (it stalled, then published what it had read), and may undo later room changes.
  let fence = 0;
  // Until the stored token is read (after each subscribe), messages wait here: the token read
  // covers every lead won before the subscription, and messages cover every lead won after it.
  let waiting: string[] | null = [];
  async function readStoredFence(): Promise<void> {
    try {
      const stored = Number(await redis.get(relayFenceKey(channel)));
      if (Number.isSafeInteger(stored)) fence = Math.max(fence, stored);
    } catch (error) {
      logger.warn({ err: error }, 'could not read the relay fencing token; using the last seen');
    }
    const held = waiting ?? [];
    waiting = null;
    for (const message of held) deliver(message);
  }
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    if (waiting) waiting.push(message);
    else deliver(message);
  });

  function deliver(message: string): void {
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
    if (batch.data.fence < fence) {
      logger.warn(
        { fence: batch.data.fence, current: fence, events: batch.data.events.length },
        'relayed events from a relay that lost the lead; dropped',
      );
      return;
    }
    fence = batch.data.fence;
    for (const raw of batch.data.events) {
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
