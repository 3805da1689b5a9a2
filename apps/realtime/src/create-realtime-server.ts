import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDomainError, unauthorized, type Services } from '@parley/api';
import { rooms } from '@parley/contracts';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { registerMessageHandlers } from './handlers/message.handlers.ts';
import { registerPresence } from './handlers/presence.handlers.ts';
import { registerTypingHandlers } from './handlers/typing.handlers.ts';
import { createPresenceTracker, type PresenceOptions } from './presence/presence-tracker.ts';
import { createConnectingSockets } from './connecting-sockets.ts';
import { deliverRelayedEvents, resyncClients } from './relayed-events.ts';
import { createOwnSends } from './own-sends.ts';
import { createTokenBucket } from '@parley/api/rate-limit';
import {
  outboxWakeChannel,
  registerRelayListener,
  relayedEventsChannel,
  startOutboxRelay,
  type LocalRelayFirstPort,
  type OutboxRelay,
  type OutboxRelayOptions,
  type RelayListenerTimings,
} from '@parley/api/relay';
import type { ParleyServer, RealtimeContext } from './realtime-context.ts';

/** How long a handshake waits for this node's relay listener entry (at start, or after a lapse). */
const HANDSHAKE_LISTENER_WAIT_MS = 5_000;

export interface RealtimeServerOptions {
  services: Services;
  /** Redis for the adapter's publishing, presence and rate limits. */
  redis: Redis;
  logger: Logger;
  /** Prefix for every Redis key and channel this node uses (isolates tests and deployments). */
  keyPrefix?: string;
  corsOrigins?: string[];
  presence?: Partial<PresenceOptions>;
  rateLimit?: { capacity: number; refillPerSecond: number };
  typing?: { throttleMs?: number; expiryMs?: number };
  /** Largest accepted socket frame in bytes. */
  maxPayloadBytes?: number;
  /** This node's entry among the relay's listeners (tests shorten them); see relay-listeners.ts. */
  relayListeners?: RelayListenerTimings;
  /**
   * Host an outbox relay here (its sinks, e.g. the job queues, and any other relay options). One
   * relay leads across every process that runs one; while this node's leads, what it reads reaches
   * this node's sockets at once, and the other nodes' through Redis.
   */
  relay?: Omit<
    Partial<OutboxRelayOptions>,
    'db' | 'subscriber' | 'publisher' | 'eventsChannel' | 'local'
  > & {
    /** The services' events port: while this node runs, its commits wake the relay directly. */
    wakes?: LocalRelayFirstPort;
  };
}

export interface RealtimeServer {
  io: ParleyServer;
  httpServer: HttpServer;
  /** The relay this node hosts (null without the `relay` option). */
  relay: OutboxRelay | null;
  listen(port: number, host?: string): Promise<number>;
  /** Graceful shutdown: stop accepting, tell clients to reconnect elsewhere, close. */
  close(reason?: string): Promise<void>;
}

/**
 * One realtime node. Any number run side by side: each delivers what the outbox relay publishes to
 * its own sockets, and the Redis adapter shares rooms, so what another node emits (typing,
 * presence) reaches every socket in the room. With `relay`, the node hosts a relay too; while it
 * leads, this node's sockets get each read straight from it.
 */
export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const prefix = options.keyPrefix ?? 'parley:';
  const httpServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('parley realtime');
  });
  // Named, so an operator (or a test) can find this node's subscriber in CLIENT LIST.
  const subscriber = options.redis.duplicate({
    enableAutoPipelining: false,
    connectionName: `${prefix.replace(/[^\w:.-]/g, '_')}realtime-subscriber`,
  });
  const io: ParleyServer = new Server(httpServer, {
    adapter: createAdapter(options.redis, subscriber, { key: `${prefix}socket.io` }),
    cors: { origin: options.corsOrigins ?? true, credentials: true },
    maxHttpBufferSize: options.maxPayloadBytes ?? 256 * 1024,
    // Socket.IO's own heartbeat (25 s, then 20 s for the answer): a peer gone without a word is
    // noticed within 45 s. A 10-s heartbeat noticed it within 20 s, but 1,000 idle sockets cost
    // ~0.55 CPU-s every 30 s with it against ~0.3 (reference VM): ~3% of the chat benchmark's
    // node. Presence waits out a grace period after that anyway.
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  const connecting = createConnectingSockets();
  const origin = randomUUID();
  const ownSends = createOwnSends();
  const delivery = deliverRelayedEvents(
    io,
    connecting,
    subscriber,
    options.redis,
    prefix,
    options.logger,
    origin,
    ownSends,
  );
  // Relays hosted by nodes publish only while another node listens: this node's entry says it does.
  // A socket is taken only once the entry has settled; if it may have lapsed, every client here
  // reconnects (re-reading its rooms) and syncs what went unpublished meanwhile.
  const listener = registerRelayListener(options.redis, relayedEventsChannel(prefix), origin, {
    ...options.relayListeners,
    logger: options.logger,
    onLapse: () => resyncClients(io),
  });
  const { wakes, ...relayOptions } = options.relay ?? {};
  const relay = options.relay
    ? startOutboxRelay({
        wakeChannel: outboxWakeChannel(prefix),
        logger: options.logger,
        ...relayOptions,
        db: options.services.deps.db,
        subscriber,
        publisher: options.redis,
        eventsChannel: relayedEventsChannel(prefix),
        local: {
          origin,
          deliverLocally: delivery.deliverLocally,
          listeners: options.relayListeners,
        },
      })
    : null;
  wakes?.use(relay);
  const presence = createPresenceTracker(options.redis, {
    prefix,
    ttlMs: options.presence?.ttlMs ?? 60_000,
    graceMs: options.presence?.graceMs ?? 15_000,
  });
  const ctx: RealtimeContext = {
    io,
    ownSends,
    services: options.services,
    logger: options.logger,
    limiter: createTokenBucket(options.redis, {
      prefix: `${prefix}rate:`,
      ...(options.rateLimit ?? { capacity: 30, refillPerSecond: 10 }),
      // Nearly every socket command takes a token: a user who keeps sending takes up to 8 per
      // Redis call, renewed ahead in calls shared by every such user (50 ms apart at most);
      // unspent ones lapse after 10 s.
      lease: { maxTokens: 8, ttlMs: 10_000 },
    }),
    presence,
    typingThrottleMs: options.typing?.throttleMs ?? 2_000,
    typingExpiryMs: options.typing?.expiryMs ?? 6_000,
  };

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { ticket?: unknown; deviceId?: unknown };
    // Authenticate and join rooms before the connection is accepted, so the client receives every
    // event from the moment it sees `connect`.
    (async () => {
      const actor = await options.services.realtime.verifyRealtimeTicket(auth.ticket);
      await listener.ready(HANDSHAKE_LISTENER_WAIT_MS);
      socket.data = {
        userId: actor.id,
        workspaceId: actor.workspaceId,
        deviceId:
          typeof auth.deviceId === 'string' && auth.deviceId.length <= 64
            ? `${auth.deviceId}:${socket.id}`
            : socket.id,
      };
      // Membership events relayed from here on are recorded, so that one committed after the
      // rooms were read is not lost; replayed in relay order, they leave the rooms as they are now.
      const recording = connecting.track(rooms.user(actor.workspaceId, actor.id));
      let changes;
      try {
        await socket.join(await options.services.realtime.listSocketRooms(actor));
      } finally {
        changes = recording.finish();
      }
      // No I/O runs from here to Socket.IO adding the socket to its own (one microtask and one
      // tick), so nothing relayed can fall between the recording and the socket's connection.
      for (const change of changes) {
        if (change.kind === 'disconnect') throw unauthorized('this account was deactivated');
        if (change.kind === 'join') await socket.join(change.room);
        else await socket.leave(change.room);
      }
    })()
      .then(() => next())
      .catch((error: unknown) => {
        // A refused ticket says why; anything else (the database, Redis) is not the client's to see.
        const refused = isDomainError(error);
        if (!refused) options.logger.warn({ err: error }, 'socket handshake failed');
        next(
          Object.assign(new Error(refused ? error.message : 'could not connect; try again'), {
            data: { code: refused ? 'UNAUTHORIZED' : 'INTERNAL' },
          }),
        );
      });
  });

  io.on('connection', (socket) => {
    registerMessageHandlers(ctx, socket);
    registerTypingHandlers(ctx, socket);
    registerPresence(ctx, socket).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'socket setup failed; disconnecting');
      socket.disconnect(true);
    });
  });

  // Refresh every local device's presence well within its TTL, in one pipelined round trip.
  const heartbeat = setInterval(
    () => {
      const devices = [];
      for (const socket of io.of('/').sockets.values()) {
        const { workspaceId: ws, userId: user, deviceId } = socket.data;
        if (user) devices.push({ ws, user, deviceId });
      }
      presence
        .refresh(devices)
        .catch((error: unknown) => options.logger.warn({ err: error }, 'presence refresh failed'));
    },
    Math.max(1_000, Math.floor(presence.options.ttlMs / 3)),
  );

  let closed = false;
  return {
    io,
    httpServer,
    relay,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve) => {
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    async close(reason = 'server restarting') {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      io.local.emit('server:reconnect', { reason });
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      wakes?.use(null);
      await listener.close();
      if (relay) {
        // Sends taken before the close are committed first; then the relay hands over what it
        // published (sunk and marked now, or by the next leader, as is anything it did not read).
        await options.services.messages.drainSends();
        await relay.stop();
      }
      subscriber.disconnect();
    },
  };
}
