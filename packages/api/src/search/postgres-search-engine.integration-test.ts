import { Prisma } from '@parley/db';
import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import { parseSearchQuery } from './parse-search-query.ts';
import { createPostgresSearchEngine } from './postgres-search-engine.ts';
import {
  DEFAULT_RECENT_PASS,
  everythingQuery,
  recentQuery,
  resolveScope,
  searchSql,
} from './postgres-search-sql.ts';
import { describeSearchEngineContract } from './search-engine-contract.ts';

describeSearchEngineContract('postgres', (h) => createPostgresSearchEngine(h.deps.db));

describe('postgres search: newest matches first, everything when they are too few', () => {
  let h: ServiceHarness;
  let ws: string;
  let ada: string;
  let bob: string;
  let eng: string;
  let ops: string;
  let secret: string;
  // The recent pass looks at the 4 newest messages in scope and ranks at most 2 matches.
  const engine = () =>
    createPostgresSearchEngine(h.deps.db, { recentPass: { window: 4, candidates: 2 } });
  const bodies = new Map<string, string>();
  const say = async (user: string, channelId: string, body: string) => {
    const { message } = await h.services.messages.sendMessage(userActor(user, ws), {
      channelId,
      body,
    });
    await engine().sync(message.id);
    bodies.set(message.id, body);
  };
  const find = async (viewer: string, query: string, limit: number) =>
    (
      await engine().search(
        { workspaceId: ws, userId: viewer, isGuest: false },
        parseSearchQuery(query),
        limit,
      )
    ).map((hit) => bodies.get(hit.messageId));

  beforeAll(async () => {
    h = await createServiceHarness();
    const w = await createWorkspace(h.deps.db);
    ws = w.workspace.id;
    ada = w.ownerId;
    bob = (await createMember(h.deps.db, ws, 'member', { displayName: 'Bob Builder' })).id;
    eng = (await createChannel(h.deps.db, { workspaceId: ws, name: 'eng', memberIds: [ada, bob] }))
      .id;
    ops = (await createChannel(h.deps.db, { workspaceId: ws, name: 'ops', memberIds: [ada, bob] }))
      .id;
    secret = (
      await createChannel(h.deps.db, {
        workspaceId: ws,
        kind: 'private',
        name: 'secret',
        memberIds: [ada],
      })
    ).id;
    // Oldest first: a message with a file, then the best match for "deploy".
    await say(bob, eng, 'spec attached');
    const spec = [...bodies].find(([, body]) => body === 'spec attached')![0];
    const file = await h.deps.db.file.create({
      data: {
        workspaceId: ws,
        uploaderId: bob,
        name: 'spec.pdf',
        contentType: 'application/pdf',
        size: 10,
        storageKey: 'k/spec.pdf',
        status: 'ready',
      },
    });
    await h.deps.db.messageAttachment.create({ data: { messageId: spec, fileId: file.id } });
    await engine().sync(spec);
    await say(ada, eng, 'deploy deploy deploy: the deploy of deploys');
    await say(bob, ops, 'a deploy by bob');
    await say(ada, eng, 'lunch');
    await say(ada, eng, 'deploy again');
    await say(bob, eng, 'deploy tonight');
    await say(ada, secret, 'secret deploy one');
    await say(ada, secret, 'secret deploy two');
    await say(ada, secret, 'secret deploy three');
  });
  afterAll(async () => h.close());

  it('answers from the newest messages when they hold enough matches', async () => {
    // Bob's 4 newest readable messages hold 2 matches: those are the answer, best first.
    // Bob's 4 newest readable messages hold 3 matches: enough for 2 or 3 results, which are then
    // ranked (equal ranks: newest first); the older, better match is not among them.
    expect(await find(bob, 'deploy', 2)).toEqual(['deploy tonight', 'deploy again']);
    expect(await find(bob, 'deploy', 3)).toEqual([
      'deploy tonight',
      'deploy again',
      'a deploy by bob',
    ]);
    // Ada's 4 newest are in the secret channel she reads.
    expect(await find(ada, 'deploy', 2)).toEqual(['secret deploy three', 'secret deploy two']);
  });

  it('ranks every match in scope when the newest messages hold too few', async () => {
    expect(await find(bob, 'deploy', 4)).toEqual([
      'deploy deploy deploy: the deploy of deploys',
      'deploy tonight',
      'deploy again',
      'a deploy by bob',
    ]);
    expect(await find(ada, 'deploy', 10)).toHaveLength(7);
    expect(await find(bob, 'secret', 10)).toEqual([]);
    // Substring-only matches rank after word matches.
    expect(await find(bob, 'deplo', 10)).toHaveLength(4);
  });

  it('narrows the scope with in:#channel, from:@person and has:file; unknown ones find nothing', async () => {
    expect(await find(bob, 'deploy in:#ops', 5)).toEqual(['a deploy by bob']);
    expect(await find(bob, 'deploy from:@bobbuilder', 5)).toEqual([
      'deploy tonight',
      'a deploy by bob',
    ]);
    expect(await find(bob, 'deploy in:#secret', 5)).toEqual([]);
    expect(await find(bob, 'deploy in:#nowhere', 5)).toEqual([]);
    expect(await find(bob, 'deploy from:@nobody', 5)).toEqual([]);
    expect(await find(bob, 'in:#eng', 2)).toEqual(['deploy tonight', 'deploy again']);
    // has:file: none among the newest, so every message with a file is looked at.
    expect(await find(bob, 'has:file', 5)).toEqual(['spec attached']);
    expect(await find(bob, 'spec has:file', 5)).toEqual(['spec attached']);
    expect(await find(bob, 'deploy has:file', 5)).toEqual([]);
  });
});

describe('postgres search plans', () => {
  let h: ServiceHarness;
  let viewer: { workspaceId: string; userId: string; isGuest: boolean };
  const plan = async (query: Prisma.Sql, noSeqScan = false) =>
    (
      await h.deps.db.$transaction(async (tx) => {
        if (noSeqScan) await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(
          Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF) ${query}`,
        );
      })
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  const sqlFor = async (query: string) => {
    const q = parseSearchQuery(query);
    return searchSql(viewer, q, await resolveScope(h.deps.db, viewer, q));
  };

  beforeAll(async () => {
    h = await createServiceHarness();
    const w = await createWorkspace(h.deps.db);
    const channels = [];
    for (let i = 0; i < 10; i++)
      channels.push(
        (await createChannel(h.deps.db, { workspaceId: w.workspace.id, memberIds: [w.ownerId] }))
          .id,
      );
    viewer = { workspaceId: w.workspace.id, userId: w.ownerId, isGuest: false };
    // 30,000 messages: "deploy" in one in ten, "budget" and "roadmap" in one in fifty each, never
    // together.
    await h.deps.db.$executeRaw`
      INSERT INTO message_search ("messageId", "workspaceId", "channelId", "authorId", body, "hasFile", "createdAt", document)
      SELECT gen_random_uuid(), ${w.workspace.id}::uuid, (${channels}::uuid[])[1 + n % 10], ${w.ownerId}::uuid, b, false,
             now() - n * interval '1 minute', to_tsvector('simple', b)
      FROM generate_series(1, 30000) n,
           LATERAL (SELECT CASE WHEN n % 10 = 0 THEN 'deploy' WHEN n % 50 = 1 THEN 'budget'
                                WHEN n % 50 = 2 THEN 'roadmap' ELSE 'word' || n % 50 END
                           || ' notes ' || md5(n::text) AS b) t`;
    await h.deps.db.$executeRaw`ANALYZE message_search`;
  });
  afterAll(async () => h.close());

  it('reads a bounded, newest-first slice for a common word', async () => {
    const text = await plan(recentQuery(await sqlFor('deploy'), DEFAULT_RECENT_PASS, 20));
    expect(text).toMatch(/Index Scan Backward using "message_search_workspaceId_createdAt_idx"/);
    const scanned = /Index Scan Backward[^\n]* rows=(\d+) loops/.exec(text);
    expect(Number(scanned?.[1])).toBeLessThanOrEqual(DEFAULT_RECENT_PASS.window);
    expect(text).not.toMatch(/Seq Scan on message_search/);
  });

  it('finds that rare word combinations match nothing through the indexes, not a scan', async () => {
    // At this size a sequential scan is as cheap, so forbid it: what is checked is that the word
    // and substring conditions can be answered by their GIN indexes (at a million messages the
    // planner then picks them; `ILIKE ALL (array)` could not use pg_trgm at all).
    const noScan = /Seq Scan on message_search|Index Scan[^\n]*message_search_workspaceId/;
    // Plain words: the substrings select the same messages, so pg_trgm alone answers.
    const words = await plan(everythingQuery(await sqlFor('budget roadmap'), 20), true);
    expect(words).toMatch(/Bitmap Index Scan on message_search_body_idx/);
    expect(words).not.toMatch(/message_search_document_idx/);
    expect(words).toMatch(/rows=0 loops/);
    expect(words).not.toMatch(noScan);
    // A phrase of plain words: candidates hold each word as a substring, the phrase is checked
    // on them.
    const phrase = await plan(everythingQuery(await sqlFor('"budget roadmap"'), 20), true);
    expect(phrase).toMatch(
      /Index Cond: \(\(body ~~\* '%budget%'::text\) AND \(body ~~\* '%roadmap%'::text\)\)/,
    );
    expect(phrase).not.toMatch(noScan);
    // Other words (here with punctuation) keep both indexes.
    const other = await plan(everythingQuery(await sqlFor('budget-roadmap'), 20), true);
    expect(other).toMatch(/Bitmap Index Scan on message_search_document_idx/);
    expect(other).toMatch(/Bitmap Index Scan on message_search_body_idx/);
    expect(other).not.toMatch(noScan);
  });
});
