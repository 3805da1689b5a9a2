import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, pgPoolOf } from './client.ts';
import {
  createChannel,
  createTestDatabase,
  createWorkspace,
  type TestDatabase,
} from './testing/index.ts';

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

  it('runs the parallel relation loads of an include inside a transaction one at a time on its connection', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const db = createDb({ connectionString: database.url, max: 2 });
    try {
      const { workspace, ownerId } = await createWorkspace(db);
      const channel = await createChannel(db, { workspaceId: workspace.id, memberIds: [ownerId] });
      const message = await db.message.create({
        data: {
          workspaceId: workspace.id,
          channelId: channel.id,
          seq: 1,
          authorUserId: ownerId,
          body: 'hi',
        },
      });
      // Prisma loads these relations with one query each, all at once (Promise.all); inside a
      // transaction they share its one connection.
      const loaded = await db.$transaction((tx) =>
        tx.message.findUniqueOrThrow({
          where: { id: message.id },
          include: { authorUser: true, channel: true, reactions: true, pins: true },
        }),
      );
      expect(loaded.authorUser?.id).toBe(ownerId);
      expect(loaded.channel.id).toBe(channel.id);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.map((w) => w.message).filter((m) => m.includes('already executing'))).toEqual(
        [],
      );
    } finally {
      process.off('warning', onWarning);
      await db.$disconnect();
    }
  });
});
