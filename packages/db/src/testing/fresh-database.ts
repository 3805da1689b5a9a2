import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../client.ts';
import { deployMigrations, migrationsDir } from '../migrate/index.ts';
import { withDatabase } from '../migrate/migration-adapter.ts';

/** Server to create test databases on; the database part of the URL is ignored. */
export const testServerUrl =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A hash of every migration, so the template is rebuilt whenever a migration changes. */
async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const dirs = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const dir of dirs) {
    hash.update(dir);
    hash.update(await readFile(path.join(migrationsDir, dir, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 16);
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(testServerUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let templatePromise: Promise<string> | undefined;

/**
 * Ensures a migrated template database exists (built once per migrations hash, guarded by an
 * advisory lock so parallel workers do not race) and returns its name.
 */
export function ensureTemplateDatabase(): Promise<string> {
  templatePromise ??= (async () => {
    const name = `parley_tpl_${await migrationsHash()}`;
    await withAdmin(async (admin) => {
      await admin.query('SELECT pg_advisory_lock(727070)');
      try {
        const found = await admin.query<{ datistemplate: boolean }>(
          'SELECT datistemplate FROM pg_database WHERE datname = $1',
          [name],
        );
        if (found.rows[0]?.datistemplate) return;
        if (found.rowCount) await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
        const building = `${name}_building`;
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${building}"`);
        await deployMigrations(withDatabase(testServerUrl, building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
        await admin.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true`);
      } finally {
        await admin.query('SELECT pg_advisory_unlock(727070)');
      }
    });
    return name;
  })();
  return templatePromise;
}

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  db: Db;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

/** A brand-new, migrated database of its own for one test file, cloned from the template. */
export async function createTestDatabase(
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const name = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabase(testServerUrl, name);
  const db = createDb({ connectionString: url, max: options.poolSize ?? 10 });
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
