import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl } from '../testing/index.ts';
import { deployMigrations, migrationStatus, migrationsDir } from './index.ts';
import { withDatabase } from './migration-adapter.ts';
import { readMigrationsList } from './migrations-dir.ts';

const name = `parley_migrate_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
const url = withDatabase(testServerUrl, name);

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: withDatabase(testServerUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe('migrations through the wasm schema engine', () => {
  it('reports every migration pending on a database that has none', async () => {
    const migrations = (await readMigrationsList()).migrationDirectories.map((d) => d.path);
    expect(migrations.length).toBeGreaterThan(0);
    const status = await migrationStatus(url); // creates the empty database
    expect(status.upToDate).toBe(false);
    expect(status.hasMigrationsTable).toBe(false);
    expect(status.unapplied).toEqual(migrations);
  });

  it('deploys every migration and records it as Prisma does', async () => {
    const applied = await deployMigrations(url);
    const migrations = (await readMigrationsList()).migrationDirectories.map((d) => d.path);
    expect(applied).toEqual(migrations);

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations);
    for (const row of rows) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(['users', 'workspaces', 'channels', 'messages', 'outbox_events']),
    );
  });

  it('is up to date afterwards, and deploying again applies nothing', async () => {
    expect((await migrationStatus(url)).upToDate).toBe(true);
    expect(await deployMigrations(url)).toEqual([]);
  });

  it('keeps the hand-written constraint: emails must be stored lower-cased', async () => {
    await expect(
      query(
        `INSERT INTO users (id, email, "displayName", "updatedAt") VALUES (gen_random_uuid(), 'Mixed@Case.test', 'x', now())`,
      ),
    ).rejects.toThrow(/users_email_lowercase/);
  });
});

describe('fresh database per test file', () => {
  it('gives each caller an isolated, migrated database', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.url).not.toBe(b.url);
      await a.db.user.create({ data: { email: 'only-in-a@example.test', displayName: 'A' } });
      expect(await a.db.user.count()).toBe(1);
      expect(await b.db.user.count()).toBe(0);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
