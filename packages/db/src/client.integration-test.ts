import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, pgPoolOf } from './client.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

describe('createDb', () => {
  it('survives an idle pooled connection being terminated: told, dropped, replaced on demand', async () => {
    const errors: Error[] = [];
    const db = createDb({
      connectionString: database.url,
      max: 2,
      onIdleConnectionError: (error) => errors.push(error),
    });
    try {
      const pool = pgPoolOf(db);
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(pool.idleCount).toBe(1);
      // As a PostgreSQL restart or an administrator would: the idle connection is cut.
      await database.db.$executeRawUnsafe(`SELECT pg_terminate_backend(${rows[0]!.pid})`);
      const deadline = Date.now() + 5_000;
      while (errors.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(errors[0]?.message).toMatch(/terminating connection/);
      const again = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
      expect(await db.user.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});
