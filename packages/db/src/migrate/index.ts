import pg from 'pg';
import { databaseNameOf, withDatabase } from './migration-adapter.ts';
import { migrationsDir, readMigrationsList, readSchema, writeMigration } from './migrations-dir.ts';
import type { HistoryDiagnostic, SchemaEngine } from '@prisma/schema-engine-wasm';
import { openSchemaEngine, takeLastPanic } from './schema-engine.ts';

export { migrationsDir, schemaPath } from './migrations-dir.ts';

const noFilters = { externalTables: [], externalEnums: [] };

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin
        .query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently
        });
    }
  } finally {
    await admin.end();
  }
}

async function withEngine<T>(
  url: string,
  fn: (engine: SchemaEngine) => Promise<T>,
  schema?: { path: string; content: string },
): Promise<T> {
  const handle = await openSchemaEngine(url, schema ?? (await readSchema()));
  try {
    return await fn(handle.engine);
  } catch (error) {
    const panic = takeLastPanic();
    if (panic) throw new Error(`schema engine panicked: ${panic}`, { cause: error });
    throw readableEngineError(error);
  } finally {
    await handle.close();
  }
}

/**
 * Engine errors carry a Rust span trace after their message ("   0: sql_schema_connector::…"); the
 * migration that failed to apply is only named in that trace. Keeps the message, names the
 * migration, and leaves the original (with the trace) as `cause`.
 */
function readableEngineError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'SchemaConnectorError') return error;
  const summary = (error.message.split(/\n\s+0: /)[0] ?? error.message)
    .replace(/^external connector error\n/, '')
    .trim();
  const migration = /Applying migration\s+with migration_name="([^"]+)"/.exec(error.message)?.[1];
  const message = migration
    ? `Migration ${migration} failed to apply: ${summary}\nIt is now recorded as failed in _prisma_migrations; fix the cause, undo what it applied, and delete its row (or mark it rolled back) before deploying again.`
    : summary;
  return new Error(message, { cause: error });
}

export interface MigrationsDirOption {
  /** Defaults to packages/db/prisma/migrations. */
  migrationsDir?: string;
}

/**
 * `prisma migrate deploy`: applies every migration not applied yet, each recorded in
 * _prisma_migrations by the engine exactly as the native engine does. Returns the names applied now.
 */
export async function deployMigrations(
  url: string,
  options: MigrationsDirOption = {},
): Promise<string[]> {
  await ensureDatabase(url);
  const migrationsList = await readMigrationsList(options.migrationsDir);
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

export interface MigrationStatus {
  upToDate: boolean;
  hasMigrationsTable: boolean;
  /** In the migrations directory, not applied to the database. */
  unapplied: string[];
  /** Applied to the database, absent from the migrations directory. */
  missingLocally: string[];
  /** Started and never finished (nor rolled back). */
  failed: string[];
  /** Applied, and the migration.sql changed since (checksum mismatch). */
  edited: string[];
  diagnostic: HistoryDiagnostic['diagnostic'] | null;
}

/** `prisma migrate status`: compares the migrations directory with _prisma_migrations. */
export async function migrationStatus(
  url: string,
  options: MigrationsDirOption = {},
): Promise<MigrationStatus> {
  await ensureDatabase(url);
  const migrationsList = await readMigrationsList(options.migrationsDir);
  return withEngine(url, async (engine) => {
    const out = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    const history = out.history;
    return {
      upToDate:
        history === null &&
        out.failedMigrationNames.length === 0 &&
        out.editedMigrationNames.length === 0,
      hasMigrationsTable: out.hasMigrationsTable,
      unapplied:
        history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [],
      missingLocally:
        history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : [],
      failed: out.failedMigrationNames,
      edited: out.editedMigrationNames,
      diagnostic: history?.diagnostic ?? null,
    };
  });
}

export type CreateMigrationResult =
  | { created: false; appliedFirst: string[] }
  | { created: true; appliedFirst: string[]; name: string; path: string; script: string };

export interface CreateMigrationOptions extends MigrationsDirOption {
  /** Defaults to packages/db/prisma/schema.prisma. */
  schemaPath?: string;
}

/**
 * `prisma migrate dev --create-only`, minus the prompts: applies pending migrations to the database
 * at `url` (as Prisma does), diffs the migrations history (replayed on a shadow database) against
 * schema.prisma and writes `<timestamp>_<name>/migration.sql`. Writes nothing when they are in sync.
 *
 * Engine quirk: `createMigration` takes the migrations' schema from a cache that only
 * `devDiagnostic` fills, keyed by the migrations applied to the database at that moment; on a miss
 * the wasm engine fails ("PostgreSQL shadow DB must be provided through an external factory").
 * So `devDiagnostic` must run while every migration is applied: after any pending ones are applied.
 */
export async function createMigration(
  url: string,
  name: string,
  options: CreateMigrationOptions = {},
): Promise<CreateMigrationResult> {
  await ensureDatabase(url);
  const dir = options.migrationsDir ?? migrationsDir;
  const schema = await readSchema(options.schemaPath);
  return withEngine(
    url,
    async (engine) => {
      const diagnose = async () => {
        const migrationsList = await readMigrationsList(dir);
        const { action } = await engine.devDiagnostic({ migrationsList, filters: noFilters });
        if (action.tag === 'reset') {
          throw new Error(
            `The database ${databaseNameOf(url)} does not match the migrations history, so no migration can be diffed against it:
${action.reason}
Drop and recreate that database (or point DATABASE_URL at an empty one) and try again.`,
          );
        }
        return migrationsList;
      };
      let migrationsList = await diagnose();
      const { appliedMigrationNames: appliedFirst } = await engine.applyMigrations({
        migrationsList,
        filters: noFilters,
      });
      if (appliedFirst.length > 0) migrationsList = await diagnose();

      const out = await engine.createMigration({
        draft: false,
        migrationName: name,
        migrationsList,
        schema: { files: [schema] },
        filters: noFilters,
      });
      if (!out.migrationScript) return { created: false, appliedFirst };
      const target = await writeMigration({
        dir,
        name: out.generatedMigrationName,
        script: out.migrationScript,
        extension: out.extension,
        provider: out.connectorType,
      });
      return {
        created: true,
        appliedFirst,
        name: out.generatedMigrationName,
        path: target,
        script: out.migrationScript,
      };
    },
    schema,
  );
}
