import { createCallerFactory } from '../trpc/init.ts';
import { appRouter } from '../trpc/root.ts';
import type { Services } from '../services/create-services.ts';

const createCaller = createCallerFactory(appRouter);

/** Calls the real tRPC router in-process, exactly as the HTTP endpoint would after auth. */
export function createTrpcCaller(services: Services, userId: string | null) {
  return createCaller({ services, userId, ip: '127.0.0.1' });
}
