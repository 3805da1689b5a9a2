import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '@parley/api';
import { removeRedisKeys } from '@parley/api/testing';
import {
  createRedisEventsPort,
  outboxWakeChannel,
  relayedEventsChannel,
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from '@parley/api/relay';
import type {
  Ack,
  ClientToServerEvents,
  MessageDto,
  ServerToClientEvents,
} from '@parley/contracts';
import {
  createChannel,
  createMember,
  createTestDatabase,
  createWorkspace,
  type TestDatabase,
} from '@parley/db/testing';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import {
  createRealtimeServer,
  type RealtimeServer,
  type RealtimeServerOptions,
} from '../create-realtime-server.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Real PostgreSQL (fresh database), real Redis (a random key prefix per file), the real relay (on
 * its own, `startRelay`, or hosted by nodes, their `relay` option) and real realtime nodes on random
 * ports, and real socket.io clients.
 */
export async function createRealtimeHarness(nodeOptions: Partial<RealtimeServerOptions> = {}) {
  const prefix = `test:${randomUUID()}:`;
  const database: TestDatabase = await createTestDatabase();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const relayRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  // The channel a node-hosted relay listens on by default (createRealtimeServer's `relay`).
  const wakeChannel = outboxWakeChannel(prefix);
  const logger = pino({ level: 'silent' });
  const services: Services = createServices({
    db: database.db,
    events: createRedisEventsPort(redis, wakeChannel),
    clock: () => new Date(),
    logger,
    config: { realtimeTicketSecret: 'test-realtime-ticket-secret-000' },
  });
  const nodes: RealtimeServer[] = [];
  const clients: TestClient[] = [];
  let relay: OutboxRelay | null = null;

  const harness = {
    prefix,
    db: database.db,
    services,
    redis,
    startRelay(extra: Partial<OutboxRelayOptions> = {}) {
      relay = startOutboxRelay({
        db: database.db,
        subscriber: relayRedis,
        publisher: redis,
        eventsChannel: relayedEventsChannel(prefix),
        logger,
        wakeChannel,
        pollIntervalMs: 100,
        ...extra,
      });
      return relay;
    },
    async stopRelay() {
      await relay?.stop();
      relay = null;
    },
    async startNode(extra: Partial<RealtimeServerOptions> = {}) {
      const node = createRealtimeServer({
        services,
        redis,
        logger,
        keyPrefix: prefix,
        rateLimit: { capacity: 10_000, refillPerSecond: 10_000 },
        ...nodeOptions,
        ...extra,
      });
      const port = await node.listen(0, '127.0.0.1');
      nodes.push(node);
      return { node, url: `http://127.0.0.1:${port}` };
    },
    /** A workspace of `size` users (the owner first) who all belong to one channel. */
    async team(size = 3) {
      const { workspace, ownerId } = await createWorkspace(database.db);
      const ids = [ownerId];
      for (let i = 1; i < size; i++) ids.push((await createMember(database.db, workspace.id)).id);
      const channel = await createChannel(database.db, {
        workspaceId: workspace.id,
        memberIds: ids,
      });
      return { ws: workspace.id, channelId: channel.id, ids };
    },
    async ticket(userId: string, workspaceId: string) {
      return (
        await services.realtime.issueRealtimeTicket({ kind: 'user', id: userId, workspaceId })
      ).ticket;
    },
    /** Connects; the server has joined the socket to its rooms before `connect` fires. */
    async connect(
      url: string,
      auth: { ticket?: string; deviceId?: string },
      opts: { reconnection?: boolean } = {},
    ): Promise<TestClient> {
      const client: TestClient = connectClient(url, {
        auth,
        transports: ['websocket'],
        reconnection: opts.reconnection ?? false,
        forceNew: true,
      });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('connect_error', (error) => reject(error));
      });
      return client;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await relay?.stop();
      for (const node of nodes) await node.close().catch(() => undefined);
      // Let presence grace timers of the closed nodes run before Redis goes away.
      await new Promise((r) => setTimeout(r, 500));
      await removeRedisKeys(redis, prefix);
      await redis.quit();
      await relayRedis.quit();
      await database.drop();
    },
  };
  return harness;
}

export type RealtimeHarness = Awaited<ReturnType<typeof createRealtimeHarness>>;
/** A realtime node the harness started (`startNode`). */
export type TestNode = Awaited<ReturnType<RealtimeHarness['startNode']>>;

/** Emits a command and resolves with its ack. */
export function request<T>(
  client: TestClient,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Promise<T> {
  return new Promise((resolve) => {
    (client.emit as (e: string, p: unknown, ack: (r: T) => void) => void)(event, payload, resolve);
  });
}

/** Sends a message as `client`; resolves with the committed message from the ack. */
export async function send(
  client: TestClient,
  channelId: string,
  body: string,
): Promise<MessageDto> {
  return ok(await request<Ack<MessageDto>>(client, 'message:send', { channelId, body }));
}

/** Every message:created push a client gets, duplicates included, in arrival order. */
export function pushes(client: TestClient) {
  const seqs: number[] = [];
  const ids: string[] = [];
  client.on('message:created', (event) => {
    seqs.push(event.payload.message.seq);
    ids.push(event.payload.message.id);
  });
  return { seqs, ids };
}

/** A successful ack's data; a refused command fails the test with the ack. */
export function ok<T>(ack: Ack<T>): T {
  if (!('ok' in ack) || !ack.ok) throw new Error(`command failed: ${JSON.stringify(ack)}`);
  return ack.data;
}

export { waitFor } from '@parley/api/testing';
