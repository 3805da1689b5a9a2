import { randomBytes } from 'node:crypto';
import { createChannel, createWorkspace } from '@parley/db/testing';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../testing/index.ts';
import {
  createMeilisearchSearchEngine,
  deleteMeilisearchIndex,
  meilisearchIndexSettings,
  type MeilisearchSearchEngine,
} from './meilisearch-search-engine.ts';
import { parseSearchQuery } from './parse-search-query.ts';
import { describeSearchEngineContract } from './search-engine-contract.ts';

/**
 * The shared search contract against a real Meilisearch (docker compose runs one: set MEILI_URL,
 * and MEILI_API_KEY when it has a master key). Each run uses its own index and deletes it after.
 */
const url = process.env.MEILI_URL;
const apiKey = process.env.MEILI_API_KEY ?? process.env.MEILI_MASTER_KEY;
const options = (index: string) => ({ url: url ?? '', apiKey, index });
const indexName = (what: string) => `parley_test_${what}_${randomBytes(4).toString('hex')}`;

if (!url)
  console.warn(
    'MEILI_URL not set: Meilisearch contract suite not run — no Meilisearch binary can run on this machine; docker compose runs it',
  );

describe.skipIf(!url)('Meilisearch engine against a real server', () => {
  const contractIndex = indexName('contract');
  afterAll(async () => deleteMeilisearchIndex(options(contractIndex)));

  describeSearchEngineContract('meilisearch', (h) =>
    createMeilisearchSearchEngine(h.deps.db, options(contractIndex)),
  );

  describe('Meilisearch specifics', () => {
    const index = indexName('specifics');
    let h: ServiceHarness;
    let engine: MeilisearchSearchEngine;
    beforeAll(async () => {
      h = await createServiceHarness();
      engine = createMeilisearchSearchEngine(h.deps.db, options(index));
    });
    afterAll(async () => {
      await deleteMeilisearchIndex(options(index));
      await h.close();
    });

    it('creates the index with its settings, idempotently', async () => {
      await engine.ready();
      await createMeilisearchSearchEngine(h.deps.db, options(index)).ready();
      const settings = await new Meilisearch({ host: url!, apiKey }).index(index).getSettings();
      expect([...(settings.filterableAttributes ?? [])].sort()).toEqual(
        [...(meilisearchIndexSettings.filterableAttributes ?? [])].sort(),
      );
      expect(settings.sortableAttributes).toEqual(['createdAt']);
      expect(settings.searchableAttributes).toEqual(['body']);
    });

    it('treats hostile channel names and handles as names, not filter syntax', async () => {
      const w = await createWorkspace(h.deps.db);
      const ws = w.workspace.id;
      const odd = await createChannel(h.deps.db, {
        workspaceId: ws,
        name: `odd"]OR(channelId`,
        memberIds: [w.ownerId],
      });
      const say = async (channelId: string) => {
        const { message } = await h.services.messages.sendMessage(userActor(w.ownerId, ws), {
          channelId,
          body: 'quarterly forecast',
        });
        await engine.sync(message.id);
        return message.id;
      };
      const inOdd = await say(odd.id);
      const inGeneral = await say(w.general.id);
      const find = async (query: string) =>
        (
          await engine.search(
            { workspaceId: ws, userId: w.ownerId, isGuest: false },
            parseSearchQuery(query),
            10,
          )
        ).map((hit) => hit.messageId);
      expect((await find('forecast')).sort()).toEqual([inOdd, inGeneral].sort());
      expect(await find(`forecast in:#odd"]or(channelid`)).toEqual([inOdd]);
      expect(await find(`forecast in:#general`)).toEqual([inGeneral]);
    });
  });
});
