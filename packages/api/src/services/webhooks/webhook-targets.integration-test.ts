import { createChannel, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, type ServiceHarness } from '../../testing/index.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

async function hook(
  workspaceId: string,
  createdById: string,
  fields: { events?: string[]; channelId?: string; active?: boolean },
) {
  const row = await h.deps.db.outgoingWebhook.create({
    data: {
      workspaceId,
      createdById,
      name: 'hook',
      url: 'https://example.invalid/hook',
      secret: 'whsec_test',
      events: fields.events ?? [],
      channelId: fields.channelId ?? null,
      active: fields.active ?? true,
    },
  });
  return row.id;
}

describe('webhookTargetsForEvents', () => {
  it('resolves a mixed batch per event: type filters, channel scope, private channels, inactive hooks, other workspaces', async () => {
    const a = await createWorkspace(h.deps.db);
    const b = await createWorkspace(h.deps.db);
    const quiet = await createWorkspace(h.deps.db); // no hooks at all
    const secret = await createChannel(h.deps.db, {
      workspaceId: a.workspace.id,
      kind: 'private',
      memberIds: [a.ownerId],
    });
    const all = await hook(a.workspace.id, a.ownerId, {});
    const onlyEdits = await hook(a.workspace.id, a.ownerId, { events: ['message.updated'] });
    const scopedToSecret = await hook(a.workspace.id, a.ownerId, { channelId: secret.id });
    await hook(a.workspace.id, a.ownerId, { active: false });
    const inB = await hook(b.workspace.id, b.ownerId, {});

    const ev = (type: string, workspaceId: string, channelId: string | null) => ({
      type: type as 'message.created',
      workspaceId,
      channelId,
    });
    const batch = [
      ev('message.created', a.workspace.id, a.general.id),
      ev('message.updated', a.workspace.id, a.general.id),
      ev('message.created', a.workspace.id, secret.id),
      ev('member.joined', a.workspace.id, null),
      ev('message.created', b.workspace.id, b.general.id),
      ev('message.created', quiet.workspace.id, quiet.general.id),
    ];
    const targets = await h.services.webhooks.webhookTargetsForEvents(batch);
    const sorted = targets.map((t) => [...t].sort());
    expect(sorted).toEqual([
      [all],
      [all, onlyEdits].sort(),
      [scopedToSecret], // a private channel reaches only a hook scoped to it
      [all],
      [inB],
      [],
    ]);
    // The single-event form agrees with the batch.
    for (const [i, e] of batch.entries())
      expect((await h.services.webhooks.webhookTargetsFor(e)).sort()).toEqual(sorted[i]);
  });
});
