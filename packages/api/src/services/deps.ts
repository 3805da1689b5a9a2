import type { Db, Prisma } from '@parley/db';
import type { Logger } from 'pino';
import type { SearchEngine } from '../search/search-engine.ts';
import type { StorageDriver } from '../storage/storage-driver.ts';
import type { PushConfig } from './push/push-config.ts';

/** Notified after a transaction that wrote outbox events commits, so the relay wakes at once. */
export interface EventsPort {
  committed(): void;
}

export interface ServiceDeps {
  db: Db;
  events: EventsPort;
  clock: () => Date;
  logger: Logger;
  /** Where file bytes live (disk or S3); file operations refuse to run without it. */
  storage?: StorageDriver;
  /** The search backend; PostgreSQL full-text search on `db` when not given. */
  search?: SearchEngine;
  /** Secrets some services need; composition roots fill in what their services use. */
  config?: { realtimeTicketSecret?: string; push?: PushConfig };
}

/** A Prisma interactive-transaction client. */
export type Tx = Prisma.TransactionClient;
/** Either the root client or a transaction: read helpers accept both. */
export type DbOrTx = Db | Tx;

export const noopEvents: EventsPort = { committed: () => undefined };
