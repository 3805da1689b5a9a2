export { createServiceHarness, userActor, type ServiceHarness } from './service-harness.ts';
export { createTrpcCaller } from './trpc-caller.ts';
export { removeRedisKeys } from './remove-redis-keys.ts';
export { stallEventLoop } from './stall-event-loop.ts';
export { waitFor } from './wait-for.ts';
