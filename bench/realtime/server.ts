/**
 * A server process for the realtime benchmark, so its CPU and memory are measured apart from the
 * load generator. `raw`: a bare Socket.IO server that relays what it receives to the room;
 * `raw-redis`: the same with the Redis adapter Parley's nodes use (the scale-out fabric alone).
 * `node`: a Parley realtime node as apps/realtime runs it: sends are committed here, and it hosts
 * the outbox relay with its job-queue sinks (the queued jobs are not processed; every key of the
 * run is removed when it exits): Parley's full path to PostgreSQL and back.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createServices } from '@parley/api';
import { nodeHostedRelay } from '@parley/api/jobs';
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { createRealtimeServer } from '../../apps/realtime/src/create-realtime-server.ts';

const mode = process.argv[2];
const prefix = process.env.BENCH_PREFIX ?? 'bench:';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanups: (() => Promise<void>)[] = [];

async function startRaw(withRedisAdapter: boolean): Promise<number> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 256 * 1024 });
  if (withRedisAdapter) {
    // Without auto-pipelining, its cheaper setting here (chat: ~3.2 CPU-s; ~4.0 with it, as
    // Parley's processes run; Parley itself measured the same either way).
    const redis = new Redis(redisUrl);
    const subscriber = redis.duplicate();
    io.adapter(createAdapter(redis, subscriber, { key: `${prefix}raw-socket.io` }));
    cleanups.push(async () => {
      await io.close();
      redis.disconnect();
      subscriber.disconnect();
    });
  }
  io.on('connection', (socket) => {
    const room = String(socket.handshake.auth.room ?? 'r');
    void socket.join(room);
    socket.on('message:send', (payload: { body: string }, ack?: (r: unknown) => void) => {
      io.to(room).emit('message:created', { payload: { message: payload } });
      ack?.({ ok: true });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return (http.address() as AddressInfo).port;
}

/** A Parley realtime node hosting the outbox relay, with the job-queue sinks, as apps/realtime runs it. */
async function startNode(): Promise<number> {
  const logger = pino({ level: 'warn' });
  const db = createDb({
    connectionString: process.env.DATABASE_URL!,
    max: Number(process.env.BENCH_POOL ?? 10),
  });
  const redis = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    enableAutoPipelining: true, // as apps/realtime runs it
  });
  const hosted = nodeHostedRelay(redis, redisUrl, prefix);
  const services = createServices({
    db,
    events: hosted.events,
    clock: () => new Date(),
    logger,
    config: { realtimeTicketSecret: process.env.BENCH_TICKET_SECRET! },
  });
  const node = createRealtimeServer({
    services,
    redis,
    logger,
    keyPrefix: prefix,
    rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
    relay: { ...hosted.relayFor(services), pollIntervalMs: 500 },
  });
  // On exit: close the node (its relay hands over), then remove every key this run wrote (the
  // queued jobs included).
  cleanups.push(async () => {
    await node.close('benchmark over');
    await hosted.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  });
  return node.listen(0, '127.0.0.1');
}

// BENCH_TRACE=1: each second in which this process's event loop stalled over 40 ms.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
if (process.env.BENCH_TRACE) {
  loopDelay.enable();
  setInterval(() => {
    if (loopDelay.max > 40e6)
      console.log(`[${mode}] event loop stalled up to ${(loopDelay.max / 1e6).toFixed(0)} ms`);
    loopDelay.reset();
  }, 1000).unref();
}
const port =
  mode === 'raw' || mode === 'raw-redis' ? await startRaw(mode === 'raw-redis') : await startNode();
process.send?.({ type: 'ready', port });
/**
 * This process's read- and write-class system calls so far (Linux /proc/self/io; zeros elsewhere):
 * a count, so unlike CPU time it does not drift with the VM's load.
 */
function syscallCounts(): { reads: number; writes: number } {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const count = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
    return { reads: count('syscr'), writes: count('syscw') };
  } catch {
    return { reads: 0, writes: 0 };
  }
}
/** Cleans up (at most 20 s) and exits; also when the benchmark process is gone. */
const exit = () => {
  setTimeout(() => process.exit(1), 20_000).unref();
  void Promise.allSettled(cleanups.map((c) => c())).finally(() => process.exit(0));
};
process.on('disconnect', exit);
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats')
    process.send?.({
      type: 'stats',
      cpu: process.cpuUsage(),
      rss: process.memoryUsage().rss,
      syscalls: syscallCounts(),
    });
  if (m.type === 'exit') exit();
});
