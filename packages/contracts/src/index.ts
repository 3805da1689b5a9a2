export * from './common.ts';
export * from './entities.ts';
export * from './events/index.ts';
export * from './inputs/index.ts';
export * from './socket.ts';
export * from './jobs.ts';
export * from './bot-api.ts';
