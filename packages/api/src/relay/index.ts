export {
  createRedisEventsPort,
  localRelayFirst,
  OUTBOX_WAKE_CHANNEL,
  outboxWakeChannel,
  type LocalRelayFirstPort,
} from './events-port.ts';
export {
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxSink,
} from './outbox-relay.ts';
export {
  othersListening,
  registerRelayListener,
  type RelayListener,
  type RelayListenerTimings,
} from './relay-listeners.ts';
export {
  relayedEventsChannel,
  relayFenceKey,
  relayListenersKey,
} from './relayed-events-channel.ts';
export { routeEvent, type RoomEmitter, type RoomTarget } from './route-event.ts';
