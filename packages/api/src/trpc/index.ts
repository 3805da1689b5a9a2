export { appRouter, type AppRouter } from './root.ts';
export { createCallerFactory, type TrpcContext } from './init.ts';
