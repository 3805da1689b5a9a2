import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../testing/index.ts';
import {
  createMigration,
  deployMigrations,
  migrationStatus,
  migrationsDir,
  schemaPath,
} from './index.ts';
import { withDatabase } from './migration-adapter.ts';
import { lockfileContent, readMigrationsList } from './migrations-dir.ts';

const name = `parley_migrate_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
const url = withDatabase(testServerUrl, name);

async function query<T extends pg.QueryResultRow>(sql: string, target = url): Promise<T[]> {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function migrationNames(dir = migrationsDir): Promise<string[]> {
  return (await readMigrationsList(dir)).migrationDirectories.map((d) => d.path);
}

/** A scratch copy of prisma/migrations, so no test can ever write into the repository's. */
async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-migrations-'));
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  await query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, withDatabase(url, 'postgres'));
});

describe('migrations through the wasm schema engine', () => {
  it('reports every migration pending on a database that has none', async () => {
    const migrations = await migrationNames();
    expect(migrations.length).toBeGreaterThan(0);
    const status = await migrationStatus(url); // creates the empty database
    expect(status).toMatchObject({
      upToDate: false,
      hasMigrationsTable: false,
      diagnostic: 'databaseIsBehind',
      unapplied: migrations,
    });
  });

  it('deploys every migration and records it as Prisma does', async () => {
    const migrations = await migrationNames();
    expect(await deployMigrations(url)).toEqual(migrations);

    const rows = await query<{
      migration_name: string;
      checksum: string;
      started_at: Date;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
      applied_steps_count: number;
    }>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(migrations);
    for (const row of rows) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row).toMatchObject({ rolled_back_at: null, logs: null, applied_steps_count: 1 });
    }
    const tables = await query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(['users', 'workspaces', 'channels', 'messages', 'outbox_events']),
    );
  });

  it('is up to date afterwards, and deploying again applies nothing', async () => {
    expect(await migrationStatus(url)).toMatchObject({ upToDate: true, unapplied: [] });
    expect(await deployMigrations(url)).toEqual([]);
    expect((await query('SELECT 1 FROM _prisma_migrations')).length).toBe(
      (await migrationNames()).length,
    );
  });

  it('keeps the hand-written constraint: emails must be stored lower-cased', async () => {
    await expect(
      query(
        `INSERT INTO users (id, email, "displayName", "updatedAt") VALUES (gen_random_uuid(), 'Mixed@Case.test', 'x', now())`,
      ),
    ).rejects.toThrow(/users_email_lowercase/);
  });

  it('reports a migration edited after it was applied', async () => {
    const dir = await copyMigrations();
    try {
      const [first] = await migrationNames(dir);
      await writeFile(path.join(dir, first!, 'migration.sql'), '\n-- edited', { flag: 'a' });
      expect(await migrationStatus(url, { migrationsDir: dir })).toMatchObject({
        upToDate: false,
        edited: [first],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('creating migrations', () => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await copyMigrations();
  });
  afterAll(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes nothing when schema.prisma matches the migrations', async () => {
    const before = await readdir(dir, { recursive: true });
    const result = await createMigration(database.url, 'nothing', { migrationsDir: dir });
    expect(result).toEqual({ created: false, appliedFirst: [] });
    expect(await readdir(dir, { recursive: true })).toEqual(before);
  });

  it('writes a migration for a schema change as Prisma does, which deploy then applies', async () => {
    const changedSchema = path.join(dir, 'schema.prisma');
    await writeFile(
      changedSchema,
      `${await readFile(schemaPath, 'utf8')}\nmodel MigrationProbe {\n  id Int @id\n  @@map("migration_probe")\n}\n`,
    );
    const options = { migrationsDir: dir, schemaPath: changedSchema };

    const result = await createMigration(database.url, 'add_probe', options);
    if (!result.created) throw new Error('expected a migration');
    expect(result.name).toMatch(/^\d{14}_add_probe$/);
    expect(result.script).toContain('CREATE TABLE "migration_probe"');
    expect(await readFile(path.join(dir, result.name, 'migration.sql'), 'utf8')).toBe(
      result.script,
    );
    expect(await readFile(path.join(dir, 'migration_lock.toml'), 'utf8')).toBe(
      lockfileContent('postgresql'),
    );

    expect(await migrationStatus(database.url, options)).toMatchObject({
      unapplied: [result.name],
    });
    // The next create applies the pending migration first, as `prisma migrate dev` does.
    expect(await createMigration(database.url, 'again', options)).toEqual({
      created: false,
      appliedFirst: [result.name],
    });
    expect(await query('SELECT * FROM migration_probe', database.url)).toEqual([]);
  });

  it('fails clearly on a migration that does not apply, and status reports it failed', async () => {
    const broken = '29991231000000_broken';
    await cp(path.join(dir, (await migrationNames(dir))[0]!), path.join(dir, broken), {
      recursive: true,
    });
    await writeFile(
      path.join(dir, broken, 'migration.sql'),
      'ALTER TABLE "no_such_table" ADD x int;',
    );
    await expect(deployMigrations(database.url, { migrationsDir: dir })).rejects.toThrow(
      /^Migration 29991231000000_broken failed to apply: No such table: no_such_table\n/,
    );
    expect(await migrationStatus(database.url, { migrationsDir: dir })).toMatchObject({
      upToDate: false,
      failed: [broken],
    });
  });
});

describe('fresh database per test file', () => {
  it('gives each caller an isolated, migrated database, quickly', async () => {
    const started = performance.now();
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const elapsed = performance.now() - started;
    try {
      expect(a.url).not.toBe(b.url);
      await a.db.user.create({ data: { email: 'only-in-a@example.test', displayName: 'A' } });
      expect(await a.db.user.count()).toBe(1);
      expect(await b.db.user.count()).toBe(0);
      expect(await migrationStatus(b.url)).toMatchObject({ upToDate: true });
      expect(elapsed).toBeLessThan(5_000); // typically ~0.2 s; generous for a loaded CI machine
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    const left = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_database WHERE datname IN ('${databaseName(a.url)}', '${databaseName(b.url)}')`,
      withDatabase(url, 'postgres'),
    );
    expect(left[0]!.n).toBe(0);
  });
});

function databaseName(databaseUrl: string): string {
  return new URL(databaseUrl).pathname.slice(1);
}
