/**
 * `npm run bench:search [-- --quick]`: generates 1M messages (100k with --quick) straight into a fresh
 * database, indexes them for the PostgreSQL engine, then measures typical searches and history pages.
 * Baseline measured in the same run: a primary-key lookup of one message.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createServices } from '@parley/api';
import {
  createChannel,
  createMember,
  createTestDatabase,
  createWorkspace,
} from '@parley/db/testing';
import pg from 'pg';
import { pino } from 'pino';

const quick = process.argv.includes('--quick');
/** `--keep`: leave the generated database in place (its URL is printed) for EXPLAIN sessions. */
const keep = process.argv.includes('--keep');
const TOTAL = quick ? 100_000 : 1_000_000;
const CHANNELS = 200;
const RUNS = quick ? 100 : 30;
const WORDS = [
  'deploy',
  'release',
  'pipeline',
  'budget',
  'roadmap',
  'incident',
  'customer',
  'design',
  'review',
  'meeting',
  'launch',
  'metrics',
  'database',
  'latency',
  'invoice',
  'hiring',
  'offsite',
  'feedback',
  'sprint',
  'bug',
];

const loadAvg = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** One untimed run first (plans, caches), then RUNS timed ones. */
async function timeIt(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

async function main() {
  console.log(
    `Parley search benchmark (${quick ? 'quick' : 'full'}): ${TOTAL.toLocaleString()} messages — ${new Date().toISOString()}`,
  );
  const database = await createTestDatabase({ poolSize: 4 });
  const db = database.db;
  const services = createServices({
    db,
    events: { committed: () => undefined },
    clock: () => new Date(),
    logger: pino({ level: 'warn' }),
  });
  const { workspace, ownerId } = await createWorkspace(db);
  const bob = await createMember(db, workspace.id);
  const channelIds: string[] = [];
  for (let i = 0; i < CHANNELS; i++)
    channelIds.push(
      (
        await createChannel(db, {
          workspaceId: workspace.id,
          memberIds: i % 4 === 0 ? [ownerId] : [ownerId, bob.id],
          kind: i % 10 === 0 ? 'private' : 'public',
        })
      ).id,
    );
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });

  let t = performance.now();
  const perChannel = TOTAL / CHANNELS;
  await pool.query(
    `INSERT INTO messages (id, "workspaceId", "channelId", seq, "authorUserId", body, "createdAt")
     SELECT gen_random_uuid(), $1::uuid, ch.id, s.n, CASE WHEN s.n % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
            (ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + (s.n * 7 + ch.k) % ${WORDS.length}] || ' ' ||
            (ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + (s.n * 13 + ch.k) % ${WORDS.length}] || ' notes ' || md5(ch.k::text || s.n::text),
            now() - (s.n || ' minutes')::interval
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM unnest($4::uuid[]) AS id) ch, generate_series(1, $5::int) AS s(n)`,
    [workspace.id, ownerId, bob.id, channelIds, perChannel],
  );
  await pool.query(`UPDATE channels SET "lastSeq" = $1 WHERE id = ANY($2::uuid[])`, [
    perChannel,
    channelIds,
  ]);
  const loadSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await pool.query(`INSERT INTO message_search ("messageId", "workspaceId", "channelId", "authorId", body, "hasFile", "createdAt", document)
                    SELECT id, "workspaceId", "channelId", "authorUserId", body, false, "createdAt", to_tsvector('simple', body) FROM messages`);
  // What autovacuum does after a bulk load: statistics, visibility map, and the GIN pending
  // lists moved into the indexes (a plain ANALYZE leaves them for every query to scan).
  await pool.query('VACUUM ANALYZE');
  const indexSeconds = (performance.now() - t) / 1000;

  const bobActor = { kind: 'user' as const, id: bob.id, workspaceId: workspace.id };
  const sample = (
    await pool.query<{ id: string }>('SELECT id FROM messages ORDER BY random() LIMIT 1')
  ).rows[0]!.id;
  const loadAtStart = loadAvg();
  const rows: [string, number[]][] = [];
  rows.push([
    'baseline: message by primary key',
    await timeIt(() => pool.query('SELECT * FROM messages WHERE id = $1', [sample])),
  ]);
  // in:#channel and from:@person name a real channel and a real person of the generated workspace.
  const { rows: named } = await pool.query<{ channel: string; owner: string; readable: number }>(
    `SELECT (SELECT name FROM channels WHERE id = $1) AS channel,
            (SELECT split_part(email, '@', 1) FROM users WHERE id = $2) AS owner,
            (SELECT count(*)::int FROM channels c WHERE c.kind = 'public' OR EXISTS (
               SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = $3)) AS readable`,
    [channelIds[1], ownerId, bob.id],
  );
  const hits = new Map<string, number>();
  for (const q of [
    'deploy',
    'budget roadmap',
    '"release pipeline"',
    'incident -customer',
    `latency in:#${named[0]!.channel}`,
    `design from:@${named[0]!.owner}`,
    'metri',
    'hiring after:2026-01-01',
  ]) {
    const name = `search: ${q.replace(/in:#\S+/, 'in:#channel').replace(/from:@\S+/, 'from:@owner')}`;
    rows.push([
      name,
      await timeIt(async () => {
        const found = await services.search.searchMessages(bobActor, { query: q, limit: 20 });
        hits.set(name, found.length);
      }),
    ]);
  }
  const channelId = channelIds[1]!;
  let before = perChannel;
  rows.push([
    'history page (50, keyset by seq)',
    await timeIt(async () => {
      const page = await services.history.getHistory(bobActor, { channelId, before });
      before =
        page.messages[0]?.seq && page.messages[0].seq > 60 ? page.messages[0].seq : perChannel;
    }),
  ]);
  await pool.end();
  if (keep) {
    await database.db.$disconnect();
    console.log(`kept database: ${database.url}`);
  } else await database.drop();

  console.log(
    `\nloaded ${TOTAL.toLocaleString()} messages in ${loadSeconds.toFixed(1)} s, indexed in ${indexSeconds.toFixed(1)} s; ${RUNS} runs each, the searcher reads ${named[0]!.readable} of ${CHANNELS + 1} channels (#general included)\n`,
  );
  const w = Math.max(...rows.map(([n]) => n.length));
  console.log(
    `${'measure'.padEnd(w)} |  p50 (ms) |  p99 (ms) | hits\n${'-'.repeat(w)}-|-----------|-----------|-----`,
  );
  for (const [name, times] of rows)
    console.log(
      `${name.padEnd(w)} | ${pct(times, 50).toFixed(2).padStart(9)} | ${pct(times, 99).toFixed(2).padStart(9)} | ${hits.get(name) ?? ''}`,
    );
  console.log(
    `\nload average (1/5/15 min, 2 cores shared): ${loadAtStart} when the searches started, ${loadAvg()} at the end`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
