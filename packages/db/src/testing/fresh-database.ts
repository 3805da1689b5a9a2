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

const TEMPLATE_PREFIX = 'parley_tpl_';
/** pg_advisory_lock key (in the `postgres` database) held while a template is built. */
const TEMPLATE_LOCK = 727070;

/** A hash of every migration (names and SQL), so the template is rebuilt when one changes. */
async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const dirs = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const dir of dirs) {
    hash.update(`${dir}\0`);
    hash.update(await readFile(path.join(migrationsDir, dir, 'migration.sql')));
    hash.update('\0');
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

/** Drops templates built from older migrations; one still being cloned from is left alone. */
async function dropStaleTemplates(admin: pg.Client, keep: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datistemplate AND starts_with(datname, $1) AND datname <> $2`,
    [TEMPLATE_PREFIX, keep],
  );
  for (const { datname } of rows) {
    await admin.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE "${datname}"`).catch(async () => {
      await admin.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE true`);
    });
  }
}

let templatePromise: Promise<string> | undefined;

/**
 * Ensures the migrated template database for the current migrations exists and returns its name.
 * Built once per migrations hash under an advisory lock, so parallel workers and concurrent test
 * runs on the same server wait for one build instead of racing; built under a temporary name and
 * renamed, so a crash mid-build never leaves a half-migrated template behind.
 */
export function ensureTemplateDatabase(): Promise<string> {
  templatePromise ??= buildTemplate().catch((error: unknown) => {
    templatePromise = undefined;
    throw error;
  });
  return templatePromise;
}

async function buildTemplate(): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${await migrationsHash()}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
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
      await dropStaleTemplates(admin, name);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  db: Db;
  /** Disconnects and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

const UNDEFINED_DATABASE = '3D000';

/** A brand-new, migrated database of its own for one test file, cloned from the template. */
export async function createTestDatabase(
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const name = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const clone = async () => {
    const template = await ensureTemplateDatabase();
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  };
  try {
    await clone();
  } catch (error) {
    // The template was replaced (a migration changed while this process ran): rebuild, once.
    if ((error as { code?: string }).code !== UNDEFINED_DATABASE) throw error;
    templatePromise = undefined;
    await clone();
  }
  const url = withDatabase(testServerUrl, name);
  const db = createDb({ connectionString: url, max: options.poolSize ?? 10 });
  let dropped: Promise<void> | undefined;
  return {
    url,
    db,
    drop: () =>
      (dropped ??= (async () => {
        await db.$disconnect();
        await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      })()),
  };
}
