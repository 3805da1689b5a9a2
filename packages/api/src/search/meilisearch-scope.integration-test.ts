import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import { toMeilisearchRequest } from './meilisearch-query.ts';
import { meilisearchDocumentOf, resolveMeilisearchScope } from './meilisearch-scope.ts';
import { parseSearchQuery } from './parse-search-query.ts';

/**
 * The PostgreSQL side of the Meilisearch engine, against a real database: which channels a viewer's
 * filter lists (the permission part of every Meilisearch query), what in:/from: resolve to, and the
 * document a message becomes. Runs without a Meilisearch server.
 */
describe('Meilisearch engine: scope and documents from PostgreSQL', () => {
  let h: ServiceHarness;
  let ws: string;
  let ada: string;
  let bob: string;
  let gus: string;
  const ch: Record<string, string> = {};
  let otherEng: string;
  let otherBob: string;

  const scope = (userId: string, query: string, isGuest = false) =>
    resolveMeilisearchScope(
      h.deps.db,
      { workspaceId: ws, userId, isGuest },
      parseSearchQuery(query),
    );
  const names = (ids: string[]) =>
    ids.map((id) => Object.entries(ch).find(([, c]) => c === id)?.[0] ?? id).sort();

  beforeAll(async () => {
    h = await createServiceHarness();
    const w = await createWorkspace(h.deps.db);
    ws = w.workspace.id;
    ada = w.ownerId;
    ch.general = w.general.id;
    bob = (
      await createMember(h.deps.db, ws, 'member', {
        displayName: 'Bob Builder',
        email: 'bob.b@example.test',
      })
    ).id;
    gus = (await createMember(h.deps.db, ws, 'guest')).id;
    const channel = async (name: string, kind: 'public' | 'private', memberIds: string[]) =>
      (ch[name] = (await createChannel(h.deps.db, { workspaceId: ws, name, kind, memberIds })).id);
    await channel('eng', 'public', [ada, bob]);
    await channel('secret', 'private', [ada]);
    await channel('lobby', 'public', [gus]);
    await channel('empty', 'public', []);
    await channel(`we"ird');--`, 'public', []);
    const other = await createWorkspace(h.deps.db);
    otherEng = (await createChannel(h.deps.db, { workspaceId: other.workspace.id, name: 'eng' }))
      .id;
    otherBob = (
      await createMember(h.deps.db, other.workspace.id, 'member', { displayName: 'Bob Builder' })
    ).id;
  });
  afterAll(async () => h.close());

  it('lists every channel a member or owner can read, and only those', async () => {
    const all = ['empty', 'eng', 'general', 'lobby', `we"ird');--`];
    expect(names((await scope(ada, 'x')).readableChannelIds)).toEqual([...all, 'secret'].sort());
    expect(names((await scope(bob, 'x')).readableChannelIds)).toEqual(all.sort());
  });

  it('gives a guest only the channels they are in', async () => {
    expect(names((await scope(gus, 'x', true)).readableChannelIds)).toEqual(['lobby']);
  });

  it('never lists another workspace’s channels', async () => {
    for (const viewer of [ada, bob]) {
      expect((await scope(viewer, 'x')).readableChannelIds).not.toContain(otherEng);
      expect((await scope(viewer, 'x in:#eng')).inChannelIds).toEqual([ch.eng]);
    }
  });

  it('resolves in:#channel within the workspace, hostile names included', async () => {
    expect((await scope(ada, 'x in:#eng')).inChannelIds).toEqual([ch.eng]);
    expect((await scope(ada, `x in:#we"ird');--`)).inChannelIds).toEqual([ch[`we"ird');--`]]);
    expect((await scope(ada, `x in:#we"ird'`)).inChannelIds).toEqual([]);
    expect((await scope(ada, 'x in:#nowhere')).inChannelIds).toEqual([]);
  });

  it('resolves from:@person by squashed display name or email name, within the workspace', async () => {
    expect((await scope(ada, 'x from:@bobbuilder')).fromUserIds).toEqual([bob]);
    expect((await scope(ada, 'x from:@bob.b')).fromUserIds).toEqual([bob]);
    expect((await scope(ada, 'x from:@bobbuilder')).fromUserIds).not.toContain(otherBob);
    expect((await scope(ada, 'x from:@nobody')).fromUserIds).toEqual([]);
  });

  it('builds a Meilisearch filter holding only the resolved ids; in: never widens access', async () => {
    const query = 'deploy in:#eng from:@bobbuilder';
    const q = parseSearchQuery(query);
    const forBob = toMeilisearchRequest(q, await scope(bob, query), 10)?.params.filter;
    expect(forBob).toContain(`(channelId IN ["${ch.eng}"]) AND (authorId IN ["${bob}"])`);
    expect(forBob).not.toContain(ch.secret);
    // A guest naming a channel they cannot read: both clauses must hold, so nothing can match.
    const forGus = toMeilisearchRequest(q, await scope(gus, query, true), 10)?.params.filter;
    expect(forGus).toBe(
      `(workspaceId = "${ws}") AND (channelId IN ["${ch.lobby}"]) AND ` +
        `(channelId IN ["${ch.eng}"]) AND (authorId IN ["${bob}"])`,
    );
  });

  it('turns a message into its document, follows edits and attachments, and drops deleted ones', async () => {
    const { message } = await h.services.messages.sendMessage(userActor(bob, ws), {
      channelId: ch.eng!,
      body: 'The deploy pipeline is green',
    });
    expect(await meilisearchDocumentOf(h.deps.db, message.id)).toEqual({
      id: message.id,
      workspaceId: ws,
      channelId: ch.eng,
      authorId: bob,
      body: 'The deploy pipeline is green',
      hasFile: false,
      createdAt: new Date(message.createdAt).getTime(),
    });

    await h.services.messages.editMessage(userActor(bob, ws), {
      messageId: message.id,
      body: 'The rollout is green',
    });
    const file = await h.deps.db.file.create({
      data: {
        workspaceId: ws,
        uploaderId: bob,
        name: 'notes.txt',
        contentType: 'text/plain',
        size: 3,
        storageKey: `test/${message.id}`,
        status: 'ready',
      },
    });
    await h.deps.db.messageAttachment.create({ data: { messageId: message.id, fileId: file.id } });
    expect(await meilisearchDocumentOf(h.deps.db, message.id)).toMatchObject({
      body: 'The rollout is green',
      hasFile: true,
    });

    await h.services.messages.deleteMessage(userActor(bob, ws), { messageId: message.id });
    expect(await meilisearchDocumentOf(h.deps.db, message.id)).toBeNull();
    expect(
      await meilisearchDocumentOf(h.deps.db, '0190a1b2-0000-7000-8000-00000000dead'),
    ).toBeNull();
  });
});
