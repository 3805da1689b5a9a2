import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type Db = InstanceType<typeof PrismaClient>;

export interface CreateDbOptions {
  connectionString: string;
  /** Pool size; defaults to 10. */
  max?: number;
}

/** Builds a Prisma client on the pg driver adapter. No global singleton: each composition root owns one. */
export function createDb(options: CreateDbOptions): Db {
  const adapter = new PrismaPg({
    connectionString: options.connectionString,
    max: options.max ?? 10,
  });
  return new PrismaClient({ adapter });
}
