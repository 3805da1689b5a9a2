import type { Actor } from '@parley/contracts';
import { createTestDatabase } from '@parley/db/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createDiskStorageDriver } from '../storage/disk-storage-driver.ts';
import { createServices, type Services } from '../services/create-services.ts';
import type { EventsPort, ServiceDeps } from '../services/deps.ts';
import { createTrpcCaller } from './trpc-caller.ts';

export interface ServiceHarness {
  services: Services;
  deps: ServiceDeps;
  url: string;
  /** How many times services reported committed outbox events. */
  committedCount: () => number;
  /** A tRPC caller acting as the given user (null: signed out). */
  caller: (userId: string | null) => ReturnType<typeof createTrpcCaller>;
  close: () => Promise<void>;
}

/** A fresh database plus the real service layer on it. One per test file (call in beforeAll). */
export async function createServiceHarness(): Promise<ServiceHarness> {
  const database = await createTestDatabase();
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'parley-harness-'));
  let committed = 0;
  const events: EventsPort = { committed: () => void committed++ };
  const deps: ServiceDeps = {
    db: database.db,
    events,
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
    config: { realtimeTicketSecret: 'test-realtime-ticket-secret' },
    storage: createDiskStorageDriver({
      root: storageDir,
      signingSecret: 'test-storage-secret',
      publicUrl: 'http://127.0.0.1:1',
    }),
  };
  const services = createServices(deps);
  return {
    services,
    deps,
    url: database.url,
    committedCount: () => committed,
    caller: (userId) => createTrpcCaller(services, userId),
    close: async () => {
      await database.drop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export const userActor = (userId: string, workspaceId: string): Actor => ({
  kind: 'user',
  id: userId,
  workspaceId,
});
