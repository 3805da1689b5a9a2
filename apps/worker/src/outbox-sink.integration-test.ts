import { randomUUID } from 'node:crypto';
import { domainEvent } from '@parley/contracts';
import { createChannel, createWorkspace } from '@parley/db/testing';
import { describe, expect, it } from 'vitest';
import { processNotifications } from './processors/notifications.processor.ts';
import { processSearchIndex } from './processors/search-index.processor.ts';
import { createQueue, createQueueSink } from '@parley/api/jobs';
import { useQueueTestEnv } from './testing/queue-test-env.ts';

const env = useQueueTestEnv();

describe('the queue sink (no workers: the queued jobs are inspected)', () => {
  it('queues one notifications job and one search job per workspace per batch, once per batch', async () => {
    const { database, services, queueOptions } = env;
    const sent: Record<string, string[]> = {};
    for (let w = 0; w < 2; w++) {
      const { workspace, ownerId } = await createWorkspace(database.db);
      const channel = await createChannel(database.db, {
        workspaceId: workspace.id,
        memberIds: [ownerId],
      });
      const actor = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
      sent[workspace.id] = [];
      for (let i = 0; i < 3; i++) {
        const { message } = await services.messages.sendMessage(actor, {
          channelId: channel.id,
          body: `batch ${w} ${i}`,
        });
        sent[workspace.id]!.push(message.id);
      }
      // An edit of the first message: indexed again, but one id in the job; not a new notification.
      await services.messages.editMessage(actor, {
        messageId: sent[workspace.id]![0]!,
        body: 'edited',
      });
    }
    const rows = await database.db.outboxEvent.findMany({ orderBy: { id: 'asc' } });
    const events = rows.map((r) => ({ ...domainEvent.parse(r.payload), outboxId: String(r.id) }));

    const queues = {
      notifications: createQueue('notifications', queueOptions),
      searchIndex: createQueue('search-index', queueOptions),
      webhooks: createQueue('webhooks', queueOptions),
      media: createQueue('media', queueOptions),
    };
    try {
      const sink = createQueueSink(queues, services);
      await sink(events);
      await sink(events); // the same batch relayed again (at-least-once)

      for (const q of [queues.notifications, queues.searchIndex]) {
        const jobs = await q.queue.getJobs(['waiting']);
        expect(jobs).toHaveLength(2);
        expect(
          Object.fromEntries(
            jobs.map((j) => [
              (j.data as { workspaceId: string }).workspaceId,
              (j.data as { messageIds: string[] }).messageIds,
            ]),
          ),
        ).toEqual(sent);
      }
    } finally {
      for (const q of Object.values(queues)) await q.close();
    }
  });

  it('processes a batch job for every message, and still reads a job queued one message at a time', async () => {
    const { database, services } = env;
    const { workspace, ownerId } = await createWorkspace(database.db);
    const channel = await createChannel(database.db, {
      workspaceId: workspace.id,
      memberIds: [ownerId],
    });
    const actor = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const ids: string[] = [];
    for (const body of ['alpha zebra', 'beta zebra', 'gamma zebra'])
      ids.push(
        (await services.messages.sendMessage(actor, { channelId: channel.id, body })).message.id,
      );

    expect(await services.search.searchMessages(actor, { query: 'zebra' })).toEqual([]);
    await processSearchIndex(
      { services },
      { data: { workspaceId: workspace.id, messageIds: ids.slice(0, 2) } },
    );
    await processSearchIndex(
      { services },
      { data: { op: 'upsert', workspaceId: workspace.id, messageId: ids[2] } },
    );
    const found = await services.search.searchMessages(actor, { query: 'zebra' });
    expect(found.map((r) => r.message.id).sort()).toEqual([...ids].sort());

    // A message that no longer exists does not stop the others; nothing to notify here (no other members).
    expect(
      await processNotifications(
        { services },
        { data: { workspaceId: workspace.id, messageIds: [...ids, randomUUID()] } },
      ),
    ).toEqual({ created: 0 });
    await expect(
      processNotifications({ services }, { data: { workspaceId: workspace.id, messageIds: [] } }),
    ).rejects.toThrow();
  });
});
