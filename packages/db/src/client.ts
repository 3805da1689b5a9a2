import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { serializeQueries } from './serialize-queries.ts';

export type Db = InstanceType<typeof PrismaClient>;

export interface CreateDbOptions {
  connectionString: string;
  /** Pool size; defaults to 10. */
  max?: number;
  /**
   * Told when an idle pooled connection fails (PostgreSQL restarted, the connection was terminated).
   * The pool drops that connection and opens a new one on demand; without a listener, pg would
   * raise the error on the process and bring it down.
   */
  onIdleConnectionError?: (error: Error) => void;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * Builds a Prisma client on the pg driver adapter. No global singleton: each composition root owns
 * one. `$disconnect()` ends its pool.
 */
export function createDb(options: CreateDbOptions): Db {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  pool.on('error', options.onIdleConnectionError ?? (() => undefined));
  pool.on('connect', serializeQueries);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The pg pool under a client made by createDb (the same connections Prisma uses), for the few hot
 * statements that run as named prepared statements, so PostgreSQL plans them once per connection.
 */
export function pgPoolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this Db was not made by createDb, so it has no pg pool');
  return pool;
}

/**
 * A connection of its own, outside the pool, with the pool's settings: for session state a pooled
 * connection must not carry (a session advisory lock held for as long as the connection lives).
 * Its owner must listen for `error` and `end()` it. Queries issued while one runs wait their turn.
 */
export function openDedicatedConnection(db: Db): pg.Client {
  const client = new pg.Client(pgPoolOf(db).options);
  serializeQueries(client);
  return client;
}
