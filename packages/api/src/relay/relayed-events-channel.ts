/**
 * The Redis channel on which the outbox relay publishes what it read, one message per read: the
 * events in outbox order with the leader's fencing token (`relayedBatch`). Every realtime node
 * subscribes and delivers them to its own sockets (routeEvent on `io.local`). One message per read
 * instead of one Socket.IO broadcast per event: measured alone at 1,000 events a second, per-event
 * publishing cost the relay ~70 µs of CPU per event, and each node decoded every broadcast apart.
 */
export function relayedEventsChannel(keyPrefix: string): string {
  return `${keyPrefix}relayed-events`;
}

/**
 * The Redis key holding the fencing token of the relay that last took the lead on `eventsChannel`
 * (set when it wins, before it publishes, and each poll interval while it leads). A node reads it
 * when it subscribes, so a node started (or reconnected) after the lead changed hands drops a late
 * message from the old leader too; and again when a message comes with a token lower than it has
 * seen, to tell a leader that lost the lead (drop) from a new one whose database counts lower
 * (follow).
 */
export function relayFenceKey(eventsChannel: string): string {
  return `${eventsChannel}:fence`;
}

/**
 * The Redis sorted set of the realtime nodes listening on `eventsChannel`, each scored by when its
 * entry lapses (relay-listeners.ts): a relay hosted by a node publishes only while another is there.
 */
export function relayListenersKey(eventsChannel: string): string {
  return `${eventsChannel}:listeners`;
}
