import type { Redis } from 'ioredis';
import { createRedisEventsPort, localRelayFirst, outboxWakeChannel } from '../relay/events-port.ts';
import type { Services } from '../services/create-services.ts';
import { createQueueSink, createSinkQueues } from './outbox-sink.ts';
import { deploymentQueueOptions } from './queues.ts';

/**
 * The wiring of a process whose realtime node hosts the outbox relay, as apps/realtime runs it (and
 * the e2e harness and the bench, alike): `events` is the services' events port (a commit wakes
 * this node's relay directly while it leads, the leader elsewhere through Redis); `relayFor` is
 * createRealtimeServer's `relay` option, whose sink feeds the worker's job queues; `close` closes
 * those queues, after the node.
 */
export function nodeHostedRelay(redis: Redis, redisUrl: string, keyPrefix: string) {
  const events = localRelayFirst(createRedisEventsPort(redis, outboxWakeChannel(keyPrefix)));
  const queues = createSinkQueues(deploymentQueueOptions(redisUrl, keyPrefix));
  return {
    events,
    relayFor: (services: Services) => ({
      sinks: [createQueueSink(queues, services)],
      wakes: events,
    }),
    async close(): Promise<void> {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
