import pg from 'pg';
import { databaseNameOf, withDatabase } from './migration-adapter.ts';
import { readMigrationsList, readSchema, writeMigration } from './migrations-dir.ts';
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
  fn: (engine: Awaited<ReturnType<typeof openSchemaEngine>>['engine']) => Promise<T>,
): Promise<T> {
  const handle = await openSchemaEngine(url, await readSchema());
  try {
    return await fn(handle.engine);
  } catch (error) {
    const panic = takeLastPanic();
    if (panic) throw new Error(`schema engine panicked: ${panic}`, { cause: error });
    throw error;
  } finally {
    await handle.close();
  }
}

/** `migrate deploy`: applies every migration not yet applied. Returns the names applied now. */
export async function deployMigrations(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const migrationsList = await readMigrationsList();
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

export interface MigrationStatus {
  upToDate: boolean;
  hasMigrationsTable: boolean;
  unapplied: string[];
  failed: string[];
  edited: string[];
  diagnostic: string | null;
}

/** `migrate status`: compares prisma/migrations with the database's _prisma_migrations. */
export async function migrationStatus(url: string): Promise<MigrationStatus> {
  await ensureDatabase(url);
  const migrationsList = await readMigrationsList();
  return withEngine(url, async (engine) => {
    const out = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    const history = out.history;
    const unapplied =
      history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [];
    return {
      upToDate:
        history === null &&
        out.failedMigrationNames.length === 0 &&
        out.editedMigrationNames.length === 0,
      hasMigrationsTable: out.hasMigrationsTable,
      unapplied,
      failed: out.failedMigrationNames,
      edited: out.editedMigrationNames,
      diagnostic: history?.diagnostic ?? null,
    };
  });
}

export type CreateMigrationResult =
  { created: false } | { created: true; name: string; path: string; script: string };

/**
 * `migrate dev --create-only`: diffs the migrations history (replayed on a shadow database) against
 * schema.prisma and writes the new migration. Writes nothing when they are in sync.
 */
export async function createMigration(url: string, name: string): Promise<CreateMigrationResult> {
  await ensureDatabase(url);
  const migrationsList = await readMigrationsList();
  const schema = await readSchema();
  return withEngine(url, async (engine) => {
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: noFilters });
    if (diagnostic.action.tag === 'reset') {
      throw new Error(
        `The database ${databaseNameOf(url)} has drifted from the migrations history: ${diagnostic.action.reason}\nReset it (drop and recreate) before creating a migration.`,
      );
    }
    const out = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [schema] },
      filters: noFilters,
    });
    if (!out.migrationScript) return { created: false };
    const dir = await writeMigration(out.generatedMigrationName, out.migrationScript);
    return {
      created: true,
      name: out.generatedMigrationName,
      path: dir,
      script: out.migrationScript,
    };
  });
}
