import { randomUUID } from 'node:crypto';
import type { DomainEvent, NewDomainEvent } from '@parley/contracts';
import type { Tx } from '../deps.ts';

/**
 * Writes domain events to the outbox inside the caller's transaction, so an event exists exactly
 * when the change it describes committed. The relay publishes them at least once, in id order.
 */
export async function writeOutbox(
  tx: Tx,
  now: Date,
  events: NewDomainEvent[],
): Promise<DomainEvent[]> {
  const occurredAt = now.toISOString();
  const full: DomainEvent[] = events.map((e) => ({
    ...e,
    eventId: randomUUID(),
    version: 1 as const,
    occurredAt,
  }));
  // Raw inserts: this runs inside every write, so it skips the ORM's query building.
  for (const e of full) {
    await tx.$executeRaw`
      INSERT INTO outbox_events ("eventId", "workspaceId", "channelId", type, payload, "createdAt")
      VALUES (${e.eventId}::uuid, ${e.workspaceId}::uuid, ${e.channelId}::uuid, ${e.type}, ${JSON.stringify(e)}::jsonb, ${now})`;
  }
  return full;
}
