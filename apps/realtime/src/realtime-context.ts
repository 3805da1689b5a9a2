import type { Services } from '@parley/api';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@parley/contracts';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { PresenceTracker } from './presence/presence-tracker.ts';
import type { OwnSends } from './own-sends.ts';
import type { TokenBucket } from '@parley/api/rate-limit';

export type ParleyServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type ParleySocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export interface RealtimeContext {
  io: ParleyServer;
  services: Services;
  logger: Logger;
  limiter: TokenBucket;
  /** Sends acked on this node's sockets, so their relayed copies pass the sender by. */
  ownSends: OwnSends;
  presence: PresenceTracker;
  typingThrottleMs: number;
  typingExpiryMs: number;
}
