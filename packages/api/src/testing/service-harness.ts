import type { Actor } from '@parley/contracts';
import { createTestDatabase } from '@parley/db/testing';
import { pino } from 'pino';
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
  let committed = 0;
  const events: EventsPort = { committed: () => void committed++ };
  const deps: ServiceDeps = {
    db: database.db,
    events,
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
    config: { realtimeTicketSecret: 'test-realtime-ticket-secret' },
  };
  const services = createServices(deps);
  return {
    services,
    deps,
    url: database.url,
    committedCount: () => committed,
    caller: (userId) => createTrpcCaller(services, userId),
    close: () => database.drop(),
  };
}

export const userActor = (userId: string, workspaceId: string): Actor => ({
  kind: 'user',
  id: userId,
  workspaceId,
});
