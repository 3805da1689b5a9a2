/**
 * `npm run bench:realtime [-- --quick] [-- --only=chat,fanout,writes,memory] [-- --rounds=N]`:
 * raw Socket.IO vs Parley's full path, same machine, same run. Every loop is bounded in count and
 * time and talks only to 127.0.0.1. Each load runs a few seconds unmeasured first (warm-up), and
 * starts only once the connect traffic has settled. BENCH_CPU_PROF=dir writes V8 CPU profiles of
 * the servers; BENCH_TRACE=1 prints slow acks and event-loop stalls; BENCH_NODE_FLAGS='--flag ...'
 * starts every server process, raw and Parley alike, with those Node/V8 flags.
 */
import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '@parley/api';
import {
  createChannel,
  createTestDatabase,
  createUser,
  createWorkspace,
  addMember,
} from '@parley/db/testing';
import pg from 'pg';
import { pino } from 'pino';
import { startServer } from './server-processes.ts';
import { connectAll, runLoad } from './socket-load.ts';
import { storesCpu, storesCpuSince } from './stores-cpu.ts';

const quick = process.argv.includes('--quick');
/** `--only=chat,fanout,writes,memory` runs just those parts. */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const want = (part: string) => !only || only.includes(part);
/**
 * `--rounds=N` measures chat and fanout N times each (raw, then Parley, per round) and shows the
 * round with the median server-CPU ratio (the lower middle one for an even N), with every round's
 * ratio beside it: on a shared VM one round's ratio moves by ±15% from run to run.
 */
const rounds = Math.max(
  1,
  Number.parseInt(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? '', 10) || 1,
);
const cfg = quick
  ? {
      chatClients: 200,
      chatSize: 10,
      chatSeconds: 10,
      fanoutMembers: 200,
      fanoutRate: 20,
      fanoutSeconds: 5,
      idleSockets: 2_000,
      satSeconds: 3,
      satConcurrency: [20, 100],
      warmupSeconds: 1,
    }
  : {
      chatClients: 1_000,
      chatSize: 10,
      chatSeconds: 20,
      fanoutMembers: 1_000,
      fanoutRate: 50,
      fanoutSeconds: 10,
      idleSockets: 10_000,
      satSeconds: 5,
      /** Concurrent writers in the saturation test: twice the pool, then more. */
      satConcurrency: [20, 50, 100, 200],
      /**
       * Each load first runs this long unmeasured (new connections, prepared statements, JIT).
       * Raw's JIT settles within 3 s; Parley's has far more code to optimize: with 3 s, V8 still
       * spent ~0.5 CPU-s compiling in Parley's measured chat window (raw ~0.05), with 10 s ~0.17.
       */
      warmupSeconds: 10,
    };
const POOL = 10;
const TICKET_SECRET = `bench-${randomUUID()}`;

async function main() {
  console.log(
    `Parley realtime benchmark (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`,
  );
  const database = await createTestDatabase({ poolSize: POOL });
  const db = database.db;
  const services: Services = createServices({
    db,
    events: { committed: () => undefined },
    clock: () => new Date(),
    logger: pino({ level: 'warn' }),
    config: { realtimeTicketSecret: TICKET_SECRET },
  });
  const prefix = `bench:${randomUUID()}:`;
  const env = {
    DATABASE_URL: database.url,
    BENCH_TICKET_SECRET: TICKET_SECRET,
    BENCH_PREFIX: prefix,
    BENCH_POOL: String(POOL),
  };

  // --- data: one workspace, users, chat channels of 10 and one big fanout channel -------------
  const { workspace, ownerId } = await createWorkspace(db);
  const ws = workspace.id;
  const userCount = Math.max(cfg.chatClients, cfg.fanoutMembers);
  const users: string[] = [ownerId];
  while (users.length < userCount) {
    const u = await createUser(db);
    await addMember(db, ws, u.id);
    users.push(u.id);
  }
  const chatGroups: number[][] = [];
  const chatChannels: string[] = [];
  for (let g = 0; g < cfg.chatClients / cfg.chatSize; g++) {
    const members = Array.from({ length: cfg.chatSize }, (_, i) => g * cfg.chatSize + i);
    chatGroups.push(members);
    chatChannels.push(
      (await createChannel(db, { workspaceId: ws, memberIds: members.map((i) => users[i]!) })).id,
    );
  }
  const fanoutChannel = (
    await createChannel(db, { workspaceId: ws, memberIds: users.slice(0, cfg.fanoutMembers) })
  ).id;
  // A real deployment's tables carry planner statistics (autovacuum analyzes them); a freshly
  // seeded database has none until autovacuum's next pass, and plans made without them (sequential
  // scans of users and channels) would be measured instead of Parley.
  await db.$executeRawUnsafe('ANALYZE');
  const ticket = async (i: number) =>
    (await services.realtime.issueRealtimeTicket({ kind: 'user', id: users[i]!, workspaceId: ws }))
      .ticket;
  const rows: string[][] = [];

  // The raw server relays what its clients send, so they send a body padded to the size of the
  // event Parley delivers for one message (measured here on a real one): both then move the same
  // bytes per delivery, and the comparison is of the work done, not of payload sizes.
  const sample = await services.messages.sendMessage(
    { kind: 'user', id: users[0]!, workspaceId: ws },
    { channelId: chatChannels[0]!, body: `b ${Date.now()} 0` },
  );
  const sampleEvent = await db.outboxEvent.findFirstOrThrow({
    where: { channelId: chatChannels[0]!, type: 'message.created' },
  });
  const eventBytes = JSON.stringify(sampleEvent.payload).length;
  const rawBody = (text: string) => {
    const event = { payload: { message: { body: text } } };
    return `${text} ${'x'.repeat(Math.max(0, eventBytes - JSON.stringify(event).length - 1))}`;
  };
  console.log(
    `Parley's message.created event: ${eventBytes} bytes (message ${sample.message.id}); raw bodies are padded to match.`,
  );

  /** Runs one load against the raw server, then against Parley, and returns the table rows. */
  const compare = async (
    title: string,
    scenario: {
      clients: number[];
      groups: number[][];
      senders: number[];
      rate: number;
      seconds: number;
      channelOf: (group: number) => string;
      /** Also measure raw Socket.IO with the Redis adapter (the scale-out fabric alone), for reference. */
      withRedisAdapterReference?: boolean;
    },
  ) => {
    const { clients, groups, senders, rate, seconds } = scenario;
    const groupOf = (ci: number) => groups.findIndex((g) => g.includes(ci));
    const rawPayload = (_g: number, at: number, ci: number) => ({ body: rawBody(`b ${at} ${ci}`) });
    const measureRaw = async (mode: 'raw' | 'raw-redis') => {
      const raw = await startServer(mode, env);
      const rawClients = await connectAll(raw.url, clients.length, (k) =>
        Promise.resolve({ room: `g${groupOf(clients[k]!)}` }),
      );
      await runLoad(raw, rawClients, groups, senders, rate, cfg.warmupSeconds, rawPayload);
      const result = await runLoad(raw, rawClients, groups, senders, rate, seconds, rawPayload);
      rawClients.forEach((c) => c.disconnect());
      await raw.stop();
      return result;
    };
    const measureParley = async () => {
      const parley = await startServer('parley', env);
      const pClients = await connectAll(parley.url, clients.length, async (k) => ({
        ticket: await ticket(clients[k]!),
      }));
      const parleyPayload = (g: number, at: number, ci: number) => ({
        channelId: scenario.channelOf(g),
        body: `b ${at} ${ci}`,
      });
      await runLoad(parley, pClients, groups, senders, rate, cfg.warmupSeconds, parleyPayload);
      const result = await runLoad(parley, pClients, groups, senders, rate, seconds, parleyPayload);
      pClients.forEach((c) => c.disconnect());
      await parley.stop();
      return result;
    };
    type Measured = Awaited<ReturnType<typeof runLoad>>;
    const measured: { r: Measured; rr: Measured | null; p: Measured }[] = [];
    for (let round = 0; round < rounds; round++) {
      // A round leaves its outbox rows marked and their dead index entries: vacuumed before the
      // next, as autovacuum would otherwise do during it.
      if (round > 0) await db.$executeRawUnsafe('VACUUM ANALYZE');
      const raw = await measureRaw('raw');
      const rawRedis = scenario.withRedisAdapterReference ? await measureRaw('raw-redis') : null;
      measured.push({ r: raw, rr: rawRedis, p: await measureParley() });
    }
    const cpuRatio = (m: (typeof measured)[number]) => m.p.cpuSeconds / m.r.cpuSeconds;
    const byRatio = [...measured].sort((a, b) => cpuRatio(a) - cpuRatio(b));
    const { r, rr, p } = byRatio[Math.floor((byRatio.length - 1) / 2)]!;
    const ratio = (a: number, b: number) => (b / a).toFixed(2);
    const thousands = (c: { reads: number; writes: number }) =>
      `${(c.reads / 1e3).toFixed(1)} / ${(c.writes / 1e3).toFixed(1)}`;
    const storesCell = (c: { postgres: number; redis: number }) =>
      `${c.postgres.toFixed(2)} + ${c.redis.toFixed(2)}`;
    rows.push(
      [title, '', '', ''],
      [
        '  deliveries/s',
        r.deliveriesPerSec.toFixed(0),
        p.deliveriesPerSec.toFixed(0),
        ratio(r.deliveriesPerSec, p.deliveriesPerSec),
      ],
      ['  send→deliver p50 (ms)', r.p50.toFixed(1), p.p50.toFixed(1), ratio(r.p50, p.p50)],
      ['  send→deliver p99 (ms)', r.p99.toFixed(1), p.p99.toFixed(1), ratio(r.p99, p.p99)],
      [
        '  send→ack p50 / p99 (ms; Parley: committed)',
        `${r.ackP50} / ${r.ackP99}`,
        `${p.ackP50} / ${p.ackP99}`,
        '',
      ],
      ['  lost (refused sends count as lost)', String(r.lost), String(p.lost), ''],
      [
        '  server CPU (s)',
        r.cpuSeconds.toFixed(2),
        p.cpuSeconds.toFixed(2),
        ratio(r.cpuSeconds, p.cpuSeconds),
      ],
      [
        '  server CPU, user / system (s)',
        `${r.cpuUserSeconds.toFixed(2)} / ${r.cpuSystemSeconds.toFixed(2)}`,
        `${p.cpuUserSeconds.toFixed(2)} / ${p.cpuSystemSeconds.toFixed(2)}`,
        '',
      ],
      [
        '  server system calls, reads / writes (thousands)',
        thousands(r.syscalls),
        thousands(p.syscalls),
        ratio(r.syscalls.reads + r.syscalls.writes, p.syscalls.reads + p.syscalls.writes),
      ],
      [
        '  PostgreSQL + Redis CPU (s)',
        storesCell(r.storesCpuSeconds),
        storesCell(p.storesCpuSeconds),
        '',
      ],
      ['  load generator CPU (s)', r.loadCpuSeconds.toFixed(2), p.loadCpuSeconds.toFixed(2), ''],
    );
    if (rr)
      rows.push([
        '  reference: raw with the Redis adapter — server CPU (s), p99 (ms), Redis CPU (s)',
        `${rr.cpuSeconds.toFixed(2)}, ${rr.p99.toFixed(0)}, ${rr.storesCpuSeconds.redis.toFixed(2)}`,
        `${p.cpuSeconds.toFixed(2)}, ${p.p99.toFixed(0)}, ${p.storesCpuSeconds.redis.toFixed(2)}`,
        ratio(rr.cpuSeconds, p.cpuSeconds),
      ]);
    if (rounds > 1)
      rows.push([
        `  each of ${rounds} rounds: server CPU (s), and its ratio (above: the median round)`,
        measured.map((m) => m.r.cpuSeconds.toFixed(2)).join(' '),
        measured.map((m) => m.p.cpuSeconds.toFixed(2)).join(' '),
        measured.map((m) => cpuRatio(m).toFixed(2)).join(' '),
      ]);
  };

  // --- 1. chat pattern ---------------------------------------------------------------------------
  if (want('chat')) {
    const everyone = Array.from({ length: cfg.chatClients }, (_, i) => i);
    await compare(
      `chat: ${cfg.chatClients} clients, ${chatGroups.length} channels of ${cfg.chatSize}, 1 msg/s each, ${cfg.chatSeconds} s`,
      {
        clients: everyone,
        groups: chatGroups,
        senders: everyone,
        rate: 1,
        seconds: cfg.chatSeconds,
        channelOf: (g) => chatChannels[g]!,
        withRedisAdapterReference: true,
      },
    );
  }

  // --- 2. fanout -----------------------------------------------------------------------------------
  if (want('fanout')) {
    // Chat left ~23k outbox rows marked and their dead index entries; vacuum them now, or autovacuum
    // does it during this phase (measured: PostgreSQL ~4 CPU-s in the fanout phase after chat, ~1
    // when fanout runs alone) and the load measured would be the previous phase's.
    if (want('chat')) await db.$executeRawUnsafe('VACUUM ANALYZE');
    const members = Array.from({ length: cfg.fanoutMembers }, (_, i) => i);
    await compare(
      `fanout: 1 channel of ${cfg.fanoutMembers}, ${cfg.fanoutRate} msg/s, ${cfg.fanoutSeconds} s`,
      {
        clients: members,
        groups: [members],
        senders: [0],
        rate: cfg.fanoutRate,
        seconds: cfg.fanoutSeconds,
        channelOf: () => fanoutChannel,
      },
    );
  }

  // --- 3. persisted sends/s at saturation vs raw single-row inserts, same pool size ---------------
  if (want('writes')) {
    if (want('chat') || want('fanout')) await db.$executeRawUnsafe('VACUUM ANALYZE');
    const pool = new pg.Pool({ connectionString: database.url, max: POOL });
    await pool.query(
      'CREATE TABLE bench_raw (id bigserial PRIMARY KEY, channel_id uuid NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
    /** Per side: writes done, and the CPU-seconds of this process (the caller) and of PostgreSQL. */
    const totals = () => ({ count: 0, callerCpu: 0, postgresCpu: 0 });
    const saturate = async (
      op: (i: number) => Promise<unknown>,
      concurrency: number,
      seconds: number,
      into = totals(),
    ) => {
      const pgBefore = storesCpu();
      const cpuBefore = process.cpuUsage();
      let count = 0;
      const end = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          for (let i = 0; Date.now() < end; i++) {
            await op(w + i * concurrency);
            count++;
          }
        }),
      );
      const cpu = process.cpuUsage(cpuBefore);
      into.count += count;
      into.callerCpu += (cpu.user + cpu.system) / 1e6;
      into.postgresCpu += storesCpuSince(pgBefore).postgres;
      return into;
    };
    const rawInsert = (i: number) =>
      pool.query('INSERT INTO bench_raw (channel_id, body) VALUES ($1, $2)', [
        chatChannels[i % chatChannels.length],
        `raw ${i}`,
      ]);
    const parleySend = (i: number) => {
      const g = i % chatChannels.length;
      return services.messages.sendMessage(
        { kind: 'user', id: users[chatGroups[g]![0]!]!, workspaceId: ws },
        { channelId: chatChannels[g]!, body: `sat ${i}` },
      );
    };
    const perSecond = (t: ReturnType<typeof totals>) => t.count / cfg.satSeconds;
    /** CPU per 1,000 writes, in CPU-ms: the caller (pg client / Parley's services) + PostgreSQL. */
    const perThousand = (t: ReturnType<typeof totals>) =>
      `${((t.callerCpu * 1e6) / t.count).toFixed(0)} + ${((t.postgresCpu * 1e6) / t.count).toFixed(0)}`;
    rows.push([
      `persisted writes/s (pool ${POOL}; ${cfg.satSeconds} turns of 1 s each at each concurrency)`,
      '',
      '',
      '',
    ]);
    // Saturation is where more concurrent writers stop adding throughput. Raw inserts reach it at
    // the pool size (more callers only queue for a connection); group commit reaches it later
    // (more callers share each statement and its commit). Each side is measured at every level and
    // its best is its saturated rate.
    const best = { raw: 0, parley: 0 };
    for (const concurrency of cfg.satConcurrency) {
      // Each side first runs one unmeasured second (connections, prepared statements, JIT). Then
      // they take turns, a second each, so that drift in the machine's disk and CPU (a shared VM's
      // fsync time moved 2-6x between runs minutes apart) falls on both alike.
      await saturate(rawInsert, concurrency, 1);
      await saturate(parleySend, concurrency, 1);
      const raw = totals();
      const parley = totals();
      for (let turn = 0; turn < cfg.satSeconds; turn++) {
        await saturate(rawInsert, concurrency, 1, raw);
        await saturate(parleySend, concurrency, 1, parley);
      }
      best.raw = Math.max(best.raw, perSecond(raw));
      best.parley = Math.max(best.parley, perSecond(parley));
      rows.push([
        `  ${concurrency} concurrent: raw INSERT vs sendMessage (CPU-ms per 1,000: caller + PostgreSQL)`,
        `${perSecond(raw).toFixed(0)} (${perThousand(raw)})`,
        `${perSecond(parley).toFixed(0)} (${perThousand(parley)})`,
        (parley.count / raw.count).toFixed(2),
      ]);
    }
    await pool.end();
    // The writes above went to the outbox with no relay running. They are this test's by-product:
    // mark them relayed, or the next phase's relay would publish a few hundred thousand of them.
    await db.$executeRawUnsafe(
      'UPDATE outbox_events SET "relayedAt" = now() WHERE "relayedAt" IS NULL',
    );
    rows.push([
      '  at saturation: best of each',
      best.raw.toFixed(0),
      best.parley.toFixed(0),
      (best.parley / best.raw).toFixed(2),
    ]);
  }

  // --- 4. memory with idle authenticated sockets -----------------------------------------------------
  if (want('memory')) {
    const parley = await startServer('parley', env);
    const base = (await parley.stats()).rss;
    const clients = await connectAll(
      parley.url,
      cfg.idleSockets,
      async (i) => ({ ticket: await ticket(i % users.length) }),
      250,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const rss = (await parley.stats()).rss;
    clients.forEach((c) => c.disconnect());
    await parley.stop();
    rows.push(
      [`memory: one realtime process, ${cfg.idleSockets} idle authenticated sockets`, '', '', ''],
      ['  RSS (MiB): empty vs loaded', (base / 2 ** 20).toFixed(0), (rss / 2 ** 20).toFixed(0), ''],
    );
  }

  await database.drop();
  const header = ['measure', 'raw baseline', 'parley', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));
  console.log(
    '\nServer CPU counts the server process only (Parley: a realtime node that hosts the outbox relay with its job-queue sinks, as apps/realtime runs it; PostgreSQL and Redis are reported apart).',
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
