export { createRedisEventsPort, OUTBOX_WAKE_CHANNEL } from './events-port.ts';
export {
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxSink,
} from './outbox-relay.ts';
export { routeEvent } from './route-event.ts';
