import { openDedicatedConnection, type Db } from '@parley/db';
import type { Logger } from 'pino';

const RELAY_LOCK = 7_270_701;

export type RelayConnection = ReturnType<typeof openDedicatedConnection>;

export interface RelayLeadership {
  /** The leader's connection, taking the lead first if no relay holds it (attempts are spaced out). */
  lead(): Promise<RelayConnection | null>;
  /** The connection, while this relay leads. */
  held(): RelayConnection | null;
  /**
   * The fencing token of the current term: a PostgreSQL transaction id taken when the lead was
   * won, so larger than any earlier leader's on this database, and new each time this relay takes
   * the lead (what it published in an earlier term and did not mark may have been published and
   * marked by another leader since; it starts afresh).
   */
  fence(): number;
  /** Gives the lead up (lets another relay take it); the connection is kept when it is sound. */
  resign(): Promise<void>;
  /** Gives the lead up and closes the connection. */
  close(): Promise<void>;
}

/**
 * One relay leads at a time, across every process on the database: the one whose own connection
 * holds a session advisory lock. The leader reads and marks on that connection, so a leader whose
 * connection dies can neither read nor mark again, and PostgreSQL frees the lock for a follower.
 * Followers try for the lead at most once per `retryMs`. A leader that stops querying for
 * `idleTimeoutMs` (stalled, with its connection still up) has its session ended by PostgreSQL.
 */
export function relayLeadership(
  db: Db,
  logger: Logger,
  retryMs: number,
  idleTimeoutMs: number,
): RelayLeadership {
  let connection: RelayConnection | null = null;
  let leading = false;
  let nextAttemptAt = 0;
  let fence = 0;

  function discard(conn: RelayConnection): Promise<void> {
    if (connection !== conn) return Promise.resolve();
    connection = null;
    leading = false;
    return conn.end().catch(() => undefined);
  }

  async function connect(): Promise<RelayConnection> {
    const conn = openDedicatedConnection(db);
    conn.on('error', (error) => {
      if (connection === conn) logger.warn({ err: error }, 'outbox relay connection lost');
      void discard(conn);
    });
    connection = conn;
    try {
      await conn.connect();
      // Marks need not wait for the disk: a lost mark means the events are relayed again, which
      // consumers dedupe. Reads take a plain index scan, never a bitmap one: each relayed row
      // leaves a dead "relayedAt IS NULL" entry until vacuum, which a bitmap scan visits on every
      // read (measured: 2.4 ms per read after 20k events) while an index scan marks it dead once.
      // Nor a sequential scan, which statistics taken while the outbox was small can make look
      // cheap (measured in the chat bench: 6.8 ms per read of a 23k-row outbox, 0.1 ms by index).
      // Custom plans: the read's "id <> ALL($1)" then sees the ids it excludes as a constant,
      // which PostgreSQL (15+) hashes. A generic plan compares every row with every id: with
      // 10,000 published and not yet sunk (lagging sinks), 200 ms per read against 6 ms; with 200,
      // 1.1 ms against 0.7 (measured with pg on this machine's PostgreSQL 15).
      // A leader whose connection stays idle past idleTimeoutMs is stalled (a long pause, SIGSTOP,
      // a hung host): PostgreSQL ends the session, which frees the lock for a follower. A live
      // leader queries at least once per poll interval.
      await conn.query(
        'SET synchronous_commit = off; SET enable_bitmapscan = off; SET enable_seqscan = off; ' +
          'SET plan_cache_mode = force_custom_plan; ' +
          `SET idle_session_timeout = ${Math.round(idleTimeoutMs)}`,
      );
    } catch (error) {
      await discard(conn);
      throw error;
    }
    return conn;
  }

  return {
    async lead() {
      if (leading && connection) return connection;
      if (performance.now() < nextAttemptAt) return null;
      nextAttemptAt = performance.now() + retryMs;
      const conn = connection ?? (await connect());
      try {
        const { rows } = await conn.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS ok',
          [RELAY_LOCK],
        );
        if (rows[0]?.ok === true && connection === conn) {
          const taken = await conn.query<{ fence: string }>(
            'SELECT pg_current_xact_id()::text AS fence',
          );
          fence = Number(taken.rows[0]?.fence);
          leading = connection === conn;
        } else leading = false;
      } catch (error) {
        await discard(conn);
        throw error;
      }
      return leading ? conn : null;
    },
    held: () => (leading ? connection : null),
    fence: () => fence,
    async resign() {
      const conn = connection;
      if (!conn || !leading) return;
      leading = false;
      nextAttemptAt = 0;
      await conn.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK]).catch(() => discard(conn));
    },
    async close() {
      const conn = connection;
      if (!conn) return;
      if (leading)
        await conn.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK]).catch(() => undefined);
      await discard(conn);
    },
  };
}
