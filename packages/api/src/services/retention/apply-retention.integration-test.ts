import { createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function eventsOf(workspaceId: string) {
  return h.deps.db.outboxEvent.findMany({ where: { workspaceId }, orderBy: { id: 'asc' } });
}

describe('applyRetention and the outbox', () => {
  it('prunes relayed outbox events after a week, never unrelayed ones, and sooner under a shorter workspace retention', async () => {
    const keepAll = await createWorkspace(h.deps.db);
    const shortLived = await createWorkspace(h.deps.db);
    for (const ws of [keepAll, shortLived])
      for (const body of ['a', 'b', 'c', 'd'])
        await h.services.messages.sendMessage(userActor(ws.ownerId, ws.workspace.id), {
          channelId: ws.general.id,
          body,
        });
    await h.deps.db.workspace.update({
      where: { id: shortLived.workspace.id },
      data: { retentionDays: 2 },
    });
    // Per workspace, events 1-4 of `message.created`: relayed 10 days ago, relayed 3 days ago,
    // relayed just now, and written 10 days ago but never relayed.
    const marks = [daysAgo(10), daysAgo(3), new Date(), null];
    for (const ws of [keepAll, shortLived]) {
      const events = (await eventsOf(ws.workspace.id)).filter((e) => e.type === 'message.created');
      for (const [i, e] of events.entries())
        await h.deps.db.outboxEvent.update({
          where: { id: e.id },
          data: { relayedAt: marks[i], createdAt: i === 3 ? daysAgo(10) : e.createdAt },
        });
    }
    const before = {
      keepAll: await eventsOf(keepAll.workspace.id),
      shortLived: await eventsOf(shortLived.workspace.id),
    };

    const result = await h.services.retention.applyRetention({ batchSize: 1 });

    const bodiesLeft = async (workspaceId: string) =>
      (await eventsOf(workspaceId))
        .filter((e) => e.type === 'message.created')
        .map((e) => (e.payload as { payload: { message: { body: string } } }).payload.message.body);
    expect(await bodiesLeft(keepAll.workspace.id)).toEqual(['b', 'c', 'd']);
    expect(await bodiesLeft(shortLived.workspace.id)).toEqual(['c', 'd']);
    const after = {
      keepAll: await eventsOf(keepAll.workspace.id),
      shortLived: await eventsOf(shortLived.workspace.id),
    };
    expect(result.outboxEvents).toBe(
      before.keepAll.length -
        after.keepAll.length +
        before.shortLived.length -
        after.shortLived.length,
    );
    expect(result.outboxEvents).toBe(3);
    // Unrelayed events are never pruned, however old.
    expect(after.keepAll.some((e) => e.relayedAt === null)).toBe(true);
    expect(after.shortLived.some((e) => e.relayedAt === null)).toBe(true);
  });
});
