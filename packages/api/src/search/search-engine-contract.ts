import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import { parseSearchQuery } from './parse-search-query.ts';
import type { SearchEngine } from './search-engine.ts';

/**
 * The behaviour every SearchEngine must have, run against a real database. Each engine's test file
 * calls this with a factory; messages are written through the real services and indexed with `sync`.
 */
export function describeSearchEngineContract(
  name: string,
  makeEngine: (h: ServiceHarness) => SearchEngine,
) {
  describe(`search engine contract: ${name}`, () => {
    let h: ServiceHarness;
    let engine: SearchEngine;
    let ws: string;
    let ada: string;
    let bob: string;
    let guest: string;
    let eng: string;
    let secret: string;
    let otherWs: string;
    let outsider: string;
    const ids: Record<string, string> = {};

    const say = async (
      user: string,
      workspaceId: string,
      channelId: string,
      body: string,
      key: string,
    ) => {
      const { message } = await h.services.messages.sendMessage(userActor(user, workspaceId), {
        channelId,
        body,
      });
      await engine.sync(message.id);
      ids[key] = message.id;
      return message;
    };
    const find = async (viewer: string, query: string, workspaceId = ws, isGuest = false) => {
      const hits = await engine.search(
        { workspaceId, userId: viewer, isGuest },
        parseSearchQuery(query),
        50,
      );
      return hits
        .map((hit) => Object.entries(ids).find(([, id]) => id === hit.messageId)?.[0])
        .sort();
    };

    beforeAll(async () => {
      h = await createServiceHarness();
      engine = makeEngine(h);
      const w = await createWorkspace(h.deps.db);
      ws = w.workspace.id;
      ada = w.ownerId;
      bob = (await createMember(h.deps.db, ws, 'member', { displayName: 'Bob Builder' })).id;
      guest = (await createMember(h.deps.db, ws, 'guest')).id;
      eng = (
        await createChannel(h.deps.db, { workspaceId: ws, name: 'eng', memberIds: [ada, bob] })
      ).id;
      secret = (
        await createChannel(h.deps.db, {
          workspaceId: ws,
          kind: 'private',
          name: 'secret',
          memberIds: [ada],
        })
      ).id;
      const other = await createWorkspace(h.deps.db);
      otherWs = other.workspace.id;
      outsider = other.ownerId;
      await say(ada, ws, eng, 'The deploy pipeline is green again', 'deploy');
      await say(bob, ws, eng, 'Release notes for the staging deploy are ready', 'staging');
      await say(ada, ws, secret, 'Secret deploy plans for the merger', 'secret');
      await say(
        outsider,
        otherWs,
        other.general.id,
        'Another company deploy announcement',
        'foreign',
      );
      await say(bob, ws, eng, '東京オフィスの会議は明日です', 'japanese');
    });
    afterAll(async () => h.close());

    it('finds words, ranks matches and keeps other workspaces and private channels out', async () => {
      expect(await find(ada, 'deploy')).toEqual(['deploy', 'secret', 'staging']);
      expect(await find(bob, 'deploy')).toEqual(['deploy', 'staging']);
      expect(await find(outsider, 'deploy', otherWs)).toEqual(['foreign']);
      expect(await find(guest, 'deploy', ws, true)).toEqual([]);
    });

    it('supports phrases, exclusions and filters', async () => {
      expect(await find(ada, '"release notes"')).toEqual(['staging']);
      expect(await find(ada, 'deploy -staging')).toEqual(['deploy', 'secret']);
      expect(await find(ada, 'deploy in:#eng')).toEqual(['deploy', 'staging']);
      expect(await find(ada, 'deploy from:@bobbuilder')).toEqual(['staging']);
      expect(await find(ada, `deploy after:2000-01-01 before:2999-01-01`)).toEqual([
        'deploy',
        'secret',
        'staging',
      ]);
      expect(await find(ada, 'deploy before:2000-01-01')).toEqual([]);
      expect(await find(ada, 'deploy has:file')).toEqual([]);
    });

    it('finds substrings and words in unsegmented scripts', async () => {
      expect(await find(ada, 'pipel')).toEqual(['deploy']);
      expect(await find(bob, '会議')).toEqual(['japanese']);
    });

    it('follows edits and deletions', async () => {
      await h.services.messages.editMessage(userActor(ada, ws), {
        messageId: ids.deploy!,
        body: 'The rollout pipeline is green again',
      });
      await engine.sync(ids.deploy!);
      expect(await find(ada, 'rollout')).toEqual(['deploy']);
      expect(await find(ada, 'deploy')).toEqual(['secret', 'staging']);
      await h.services.messages.deleteMessage(userActor(bob, ws), { messageId: ids.staging! });
      await engine.sync(ids.staging!);
      expect(await find(ada, 'release')).toEqual([]);
    });

    it('highlights the matching words in a snippet', async () => {
      const [hit] = await engine.search(
        { workspaceId: ws, userId: ada, isGuest: false },
        parseSearchQuery('merger'),
        5,
      );
      expect(hit?.snippet).toContain('[[merger]]');
    });
  });
}
