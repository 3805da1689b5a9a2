import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

/**
 * The schema engine reads catalog columns of type "char" (OID 18) and name (OID 19), which the pg
 * driver adapter does not map (it throws "Unsupported column type"). At the pg level they are
 * reported as text (OID 25; pg already returns their values as strings), and the "char" columns
 * are remembered per result so the adapter wrapper below can type them as Character, which is what
 * the engine's describer expects (it reads e.g. pg_constraint.contype as a char).
 */
const TEXT_OID = 25;
const CHARACTER_COLUMN_TYPE = ColumnTypeEnum.Character;
type QueryFn = (...args: unknown[]) => unknown;
const charColumnsByRows = new WeakMap<object, number[]>();

function fixFields(res: { fields?: { dataTypeID: number }[]; rows?: object } | undefined): void {
  const charColumns: number[] = [];
  (res?.fields ?? []).forEach((field, index) => {
    if (field.dataTypeID === 18) charColumns.push(index);
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
  });
  if (charColumns.length > 0 && res?.rows) charColumnsByRows.set(res.rows, charColumns);
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw'>;
function retypeCharColumns<T extends Queryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? [])
      result.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    return result;
  };
  return queryable;
}

function wrapAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  retypeCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => retypeCharColumns(await startTransaction(...args));
  return adapter;
}

function patchClientQuery(client: { query: QueryFn }): void {
  const original = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      // Callback style (used by pg.Pool#query).
      const callback = last as (
        err: unknown,
        res?: { fields?: { dataTypeID: number }[]; rows?: object },
      ) => void;
      args[args.length - 1] = (
        err: unknown,
        res?: { fields?: { dataTypeID: number }[]; rows?: object },
      ) => {
        if (!err) fixFields(res);
        callback(err, res);
      };
      return original(...args);
    }
    const result = original(...args);
    if (result instanceof Promise) {
      return result.then((res: { fields?: { dataTypeID: number }[]; rows?: object }) => {
        fixFields(res);
        return res;
      });
    }
    return result;
  };
}

function createPatchedPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 4 });
  // A shadow database is dropped WITH (FORCE), which terminates any connection the engine still
  // holds: that error arrives with no query to fail and, unheard, would crash the process. A query
  // under way still gets its error through its own callback.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    patchClientQuery(client);
  });
  return pool;
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * A migration-aware adapter factory for the wasm schema engine: connections to the target database,
 * and a shadow database that is created on demand and dropped after its pool is closed (dropping
 * first fails while the pool still holds connections).
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@parley/migration-adapter';
  private readonly pools: pg.Pool[] = [];
  /** Shadow databases created and not dropped yet, with what drops them. */
  private readonly shadows = new Map<string, () => Promise<void>>();

  constructor(private readonly url: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    const pool = createPatchedPool(this.url);
    this.pools.push(pool);
    return wrapAdapter(await new PrismaPg(pool).connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadowName = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll('-', '')}`;
    await this.admin((client) => client.query(`CREATE DATABASE "${shadowName}"`));
    const pool = createPatchedPool(withDatabase(this.url, shadowName));
    const drop = async () => {
      this.shadows.delete(shadowName);
      await pool.end().catch(() => undefined);
      await this.admin((client) =>
        client.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`),
      );
    };
    this.shadows.set(shadowName, drop);
    const adapter = wrapAdapter(await new PrismaPg(pool).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose().catch(() => undefined);
      await drop();
    };
    return adapter;
  }

  /** Ends every pool and drops any shadow database the engine did not dispose of (after an error). */
  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.end().catch(() => undefined)));
    await Promise.all([...this.shadows.values()].map((drop) => drop().catch(() => undefined)));
  }

  private async admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
}
