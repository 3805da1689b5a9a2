import type pg from 'pg';

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * Makes one connection run its promise-style queries one after another.
 *
 * Prisma's query interpreter loads the relations of an `include` all at once (Promise.all). Inside
 * an interactive transaction they all go to the transaction's one connection, where pg queues them
 * itself and warns ("Calling client.query() when the client is already executing a query"; pg 9
 * makes it an error). Reported as prisma/orm#29407; the fixes proposed there serialize in the
 * adapter the same way. Callback-style calls, which is how pg-pool's own `pool.query` runs (one
 * query per checked-out connection), and submittables pass straight through.
 */
export function serializeQueries(client: pg.ClientBase): void {
  const query = client.query.bind(client) as AnyQuery;
  let tail: Promise<unknown> = Promise.resolve();
  const serialized: AnyQuery = (...args) => {
    const first = args[0] as { submit?: unknown } | null | undefined;
    if (typeof args.at(-1) === 'function' || typeof first?.submit === 'function')
      return query(...args);
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  };
  (client as unknown as { query: AnyQuery }).query = serialized;
}
