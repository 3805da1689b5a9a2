import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, type ServiceHarness } from '../testing/index.ts';
import { seedDemoWorkspace } from './seed-demo-workspace.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness();
});
afterAll(async () => h.close());

describe('demo workspace seed', () => {
  it('creates a usable workspace once and is idempotent', async () => {
    const first = await seedDemoWorkspace(h.services);
    expect(first.created).toBe(true);
    const ada = await h.services.auth.verifyCredentials({
      email: first.users[0]!.email,
      password: first.users[0]!.password,
    });
    const actor = { kind: 'user' as const, id: ada.id, workspaceId: first.workspaceId };
    const sidebar = await h.services.readState.getSidebar(actor);
    expect(sidebar.map((c) => c.name ?? c.kind)).toEqual(
      expect.arrayContaining(['general', 'random', 'engineering', 'leadership', 'dm']),
    );
    const messages = await h.deps.db.message.count({ where: { workspaceId: first.workspaceId } });
    const again = await seedDemoWorkspace(h.services);
    expect(again.created).toBe(false);
    expect(again.workspaceId).toBe(first.workspaceId);
    expect(await h.deps.db.message.count({ where: { workspaceId: first.workspaceId } })).toBe(
      messages,
    );
  });
});
