/** The load generator: Socket.IO clients that connect, send on a schedule and time deliveries. */
import { io, type Socket } from 'socket.io-client';
import type { Server } from './server-processes.ts';
import { storesCpu, storesCpuSince } from './stores-cpu.ts';

export type Client = Socket;
/** Connects `count` clients in batches; auth is made per batch, just before it connects (tickets expire). */
export async function connectAll(
  url: string,
  count: number,
  authFor: (i: number) => Promise<object>,
  batch = 200,
): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i += batch) {
    const auths = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, k) => authFor(i + k)),
    );
    const part = await Promise.all(
      auths.map(
        (auth) =>
          new Promise<Client>((resolve, reject) => {
            const c = io(url, {
              auth,
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
            });
            c.once('connect', () => resolve(c));
            c.once('connect_error', reject);
          }),
      ),
    );
    clients.push(...part);
  }
  return clients;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * Waits (at most 30 s) until the clients have received nothing for a second: with Parley, every
 * connect announces that user's presence to the whole workspace, and that storm must not spill
 * into the measured window.
 */
async function settle(clients: Client[]): Promise<void> {
  let last = Date.now();
  const seen = () => {
    last = Date.now();
  };
  for (const c of clients) c.onAny(seen);
  const deadline = Date.now() + 30_000;
  while (Date.now() - last < 1000 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  for (const c of clients) c.offAny(seen);
}

interface LoadResult {
  /** Sends the server refused (error ack, e.g. overloaded past the transaction wait); their deliveries count as lost. */
  sendErrors: number;
  /** send→ack: for Parley, the time until the message is durable (committed). */
  ackP50: number;
  ackP99: number;
  deliveriesPerSec: number;
  p50: number;
  p99: number;
  lost: number;
  cpuSeconds: number;
  /** The same, split: user / system (the kernel's share: mostly socket I/O). */
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  /** The server's read- and write-class system calls over the same window. */
  syscalls: { reads: number; writes: number };
  /** PostgreSQL + Redis CPU over the same window. */
  storesCpuSeconds: { postgres: number; redis: number };
  /** The load generator's own CPU (this process: the clients). */
  loadCpuSeconds: number;
}

/** Each group of `size` clients shares a room; senders emit at `rate` msg/s each for `seconds`. */
export async function runLoad(
  server: Server,
  clients: Client[],
  groups: number[][],
  senders: number[],
  rate: number,
  seconds: number,
  payload: (groupIndex: number, sentAt: number, n: number) => object,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let delivered = 0;
  const groupOf = new Map<number, number>();
  groups.forEach((g, gi) => g.forEach((ci) => groupOf.set(ci, gi)));
  clients.forEach((c, ci) => {
    c.on(
      'message:created',
      (e: { payload: { message: { body: string; author?: { id: string | null } } } }) => {
        const [, sentAt, from] = e.payload.message.body.split(' ');
        if (Number(from) === ci) return; // count deliveries to others only, as the raw server does
        delivered++;
        latencies.push(Date.now() - Number(sentAt));
      },
    );
  });
  await settle(clients);
  const before = await server.stats();
  const storesBefore = storesCpu();
  const loadBefore = process.cpuUsage();
  const start = Date.now();
  let sent = 0;
  let sendErrors = 0;
  const expectedPerMessage = (ci: number) => groups[groupOf.get(ci)!]!.length - 1;
  let expected = 0;
  await Promise.all(
    senders.map(async (ci, k) => {
      await new Promise((r) => setTimeout(r, (k / senders.length) * (1000 / rate)));
      for (let n = 0; n < seconds * rate; n++) {
        const due = start + (k / senders.length) * (1000 / rate) + (n * 1000) / rate;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        const sentAt = Date.now();
        clients[ci]!.emit(
          'message:send',
          payload(groupOf.get(ci)!, sentAt, ci),
          (ack: { error?: unknown }) => {
            if (ack?.error) sendErrors++;
            else {
              ackLatencies.push(Date.now() - sentAt);
              // BENCH_TRACE=1: every ack slower than 40 ms, with when it was sent (finding stalls).
              if (process.env.BENCH_TRACE && Date.now() - sentAt > 40)
                console.log(
                  `slow ack: sent at +${sentAt - start} ms, took ${Date.now() - sentAt} ms`,
                );
            }
          },
        );
        sent++;
        expected += expectedPerMessage(ci);
      }
    }),
  );
  const deadline = Date.now() + 10_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const elapsed = (Date.now() - start) / 1000;
  const after = await server.stats();
  const stores = storesCpuSince(storesBefore);
  const load = process.cpuUsage(loadBefore);
  const cpuUserSeconds = (after.cpu.user - before.cpu.user) / 1e6;
  const cpuSystemSeconds = (after.cpu.system - before.cpu.system) / 1e6;
  for (const c of clients) c.off('message:created');
  void sent;
  return {
    sendErrors,
    ackP50: pct(ackLatencies, 50),
    ackP99: pct(ackLatencies, 99),
    deliveriesPerSec: delivered / elapsed,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    lost: expected - delivered,
    cpuSeconds: cpuUserSeconds + cpuSystemSeconds,
    cpuUserSeconds,
    cpuSystemSeconds,
    syscalls: {
      reads: after.syscalls.reads - before.syscalls.reads,
      writes: after.syscalls.writes - before.syscalls.writes,
    },
    storesCpuSeconds: stores,
    loadCpuSeconds: (load.user + load.system) / 1e6,
  };
}
