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
  if (full.length === 0) return full;
  await tx.outboxEvent.createMany({
    data: full.map((e) => ({
      eventId: e.eventId,
      workspaceId: e.workspaceId,
      channelId: e.channelId,
      type: e.type,
      payload: e,
      createdAt: now,
    })),
  });
  return full;
}
