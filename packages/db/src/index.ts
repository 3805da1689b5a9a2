export { createDb, openDedicatedConnection, pgPoolOf } from './client.ts';
export type { Db, CreateDbOptions } from './client.ts';
export * from './generated/prisma/enums.ts';
export { Prisma } from './generated/prisma/client.ts';
export type * from './generated/prisma/client.ts';
