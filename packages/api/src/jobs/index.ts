export { createQueueSink, createSinkQueues, type SinkQueues } from './outbox-sink.ts';
export {
  createQueue,
  defaultJobOptions,
  deploymentQueueOptions,
  redisConnectionOptions,
  type QueueOptions,
} from './queues.ts';
export { nodeHostedRelay } from './node-hosted-relay.ts';
