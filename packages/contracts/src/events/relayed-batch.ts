import { z } from 'zod';

/**
 * What the outbox relay publishes to the realtime nodes for one read: the events in outbox order
 * (each checked against `domainEvent` on arrival), and the leader's fencing token. A leader's
 * token is larger than every earlier leader's, so a node drops a message from a leader that has
 * since lost the lead (one that stalled, then published what it had read before it stalled).
 */
export const relayedBatch = z.object({
  /** The relay that published it (a node hosting that relay has delivered it already). */
  origin: z.string().optional(),
  fence: z.number().int().nonnegative(),
  events: z.array(z.unknown()),
});
export type RelayedBatch = z.infer<typeof relayedBatch>;

/**
 * The message for `relayedBatch`, built from each event's stored JSON text without re-encoding.
 * The origin comes first, so a node can tell its own relay's messages (relayedBatchOriginPrefix)
 * without parsing them.
 */
export function encodeRelayedBatch(
  fence: number,
  eventJsonTexts: string[],
  origin?: string,
): string {
  const head = origin === undefined ? '{' : relayedBatchOriginPrefix(origin);
  return `${head}"fence":${fence},"events":[${eventJsonTexts.join(',')}]}`;
}

/** How every message encodeRelayedBatch makes for `origin` begins. */
export function relayedBatchOriginPrefix(origin: string): string {
  return `{"origin":${JSON.stringify(origin)},`;
}
