import type { Db } from '@parley/db';
import { Meilisearch, type Index, type Settings, type Task } from 'meilisearch';
import { toMeilisearchRequest, toSnippet } from './meilisearch-query.ts';
import {
  meilisearchDocumentOf,
  resolveMeilisearchScope,
  type MeilisearchMessageDocument,
} from './meilisearch-scope.ts';
import type { SearchEngine, SearchHit } from './search-engine.ts';

export interface MeilisearchOptions {
  url: string;
  apiKey?: string;
  /** One index per deployment; tests use a random name per run. */
  index: string;
  /**
   * How long a write waits for Meilisearch to apply it (ms). Every write waits: a sync that
   * returns has been applied, so the search-index job only completes once the message is
   * searchable, a failed Meilisearch task fails (and retries) the job, and tests read their writes.
   */
  taskTimeoutMs?: number;
}

export interface MeilisearchSearchEngine extends SearchEngine {
  /** Creates the index and applies its settings (idempotent); call it at startup. */
  ready(): Promise<void>;
}

/** Settings applied at startup; sending the same settings again changes nothing. */
export const meilisearchIndexSettings: Settings = {
  searchableAttributes: ['body'],
  filterableAttributes: ['workspaceId', 'channelId', 'authorId', 'hasFile', 'createdAt'],
  sortableAttributes: ['createdAt'],
  displayedAttributes: [
    'id',
    'workspaceId',
    'channelId',
    'authorId',
    'body',
    'hasFile',
    'createdAt',
  ],
  // Meilisearch's defaults, stated so a changed default cannot change results: one typo from 5
  // letters, two from 9. Shorter words must match exactly (ids, names and short words stay precise).
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
};

/** A sync re-checks the database after its write; this many rounds settle any realistic race. */
const MAX_SYNC_ROUNDS = 3;

/**
 * Meilisearch as the search backend. The permission filter (workspace, readable channels) is part
 * of every Meilisearch query; the channel list comes from PostgreSQL, the source of truth for
 * membership. Writes upsert or delete one document by message id and wait for the task.
 */
export function createMeilisearchSearchEngine(
  db: Db,
  options: MeilisearchOptions,
): MeilisearchSearchEngine {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey });
  const index: Index<MeilisearchMessageDocument> = client.index(options.index);
  const wait = { timeout: options.taskTimeoutMs ?? 10_000 };

  const succeeded = (task: Task, what: string) => {
    if (task.status !== 'succeeded')
      throw new Error(
        `Meilisearch ${what} on index ${options.index} ${task.status}: ${task.error?.message ?? 'no error given'}`,
      );
  };

  let preparing: Promise<void> | undefined;
  const ready = () => {
    preparing ??= (async () => {
      const created = await client.createIndex(options.index, { primaryKey: 'id' }).waitTask(wait);
      if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists')
        succeeded(created, 'index creation');
      succeeded(await index.updateSettings(meilisearchIndexSettings).waitTask(wait), 'settings');
    })().catch((error: unknown) => {
      preparing = undefined; // try again on the next call instead of failing forever
      throw error;
    });
    return preparing;
  };

  const write = async (messageId: string, doc: MeilisearchMessageDocument | null) => {
    const task = doc
      ? await index.addDocuments([doc], { primaryKey: 'id' }).waitTask(wait)
      : await index.deleteDocument(messageId).waitTask(wait);
    succeeded(task, doc ? 'upsert' : 'delete');
  };

  return {
    name: 'meilisearch',
    ready,

    async sync(messageId) {
      await ready();
      // Another sync of the same message may have read an older state and written after us;
      // Meilisearch applies tasks in order, so re-reading after our write and writing again when
      // the database has moved on leaves the index at the message as it is now.
      let doc = await meilisearchDocumentOf(db, messageId);
      for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
        await write(messageId, doc);
        const now = await meilisearchDocumentOf(db, messageId);
        if (JSON.stringify(now) === JSON.stringify(doc)) return;
        doc = now;
      }
    },

    async search(viewer, q, limit): Promise<SearchHit[]> {
      await ready();
      const request = toMeilisearchRequest(q, await resolveMeilisearchScope(db, viewer, q), limit);
      if (!request) return [];
      const result = await index.search(request.q, request.params);
      return result.hits.map((hit) => ({
        messageId: hit.id,
        channelId: hit.channelId,
        snippet: toSnippet(q, hit.body, hit._formatted?.body),
        rank: hit._rankingScore ?? 0,
      }));
    },
  };
}

/** For tests and operators: removes this engine's index (e.g. a test run's own index). */
export async function deleteMeilisearchIndex(
  options: Pick<MeilisearchOptions, 'url' | 'apiKey' | 'index'>,
): Promise<void> {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey });
  await client.deleteIndex(options.index).waitTask();
}
