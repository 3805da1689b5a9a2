import type { DbOrTx } from '../deps.ts';

/**
 * Records the automatic follows implied by a thread up to and including one reply: the root's
 * author, every replier and every user @mentioned in a reply with seq ≤ the reply's. Rows are only
 * inserted when absent, so an explicit unfollow (following = false) sticks. Computing from the
 * thread (not only from this reply) makes the result independent of the order in which concurrent
 * notification jobs run. Idempotent.
 */
export async function recordThreadFollows(
  db: DbOrTx,
  reply: { threadRootId: string; seq: number },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO thread_followers ("threadRootId", "userId", "following", "createdAt", "updatedAt")
    SELECT ${reply.threadRootId}::uuid, people.id, true, now(), now()
    FROM (
      SELECT "authorUserId" AS id FROM messages WHERE id = ${reply.threadRootId}::uuid
      UNION
      SELECT "authorUserId" FROM messages
        WHERE "threadRootId" = ${reply.threadRootId}::uuid AND seq <= ${reply.seq}
      UNION
      SELECT mn."userId" FROM mentions mn JOIN messages m ON m.id = mn."messageId"
        WHERE m."threadRootId" = ${reply.threadRootId}::uuid AND m.seq <= ${reply.seq}
          AND mn.kind = 'user'
    ) people
    JOIN users u ON u.id = people.id
    ON CONFLICT ("threadRootId", "userId") DO NOTHING`;
}

/** Users who follow a thread (explicitly or automatically) and have not unfollowed it. */
export async function listThreadFollowers(db: DbOrTx, threadRootId: string): Promise<Set<string>> {
  const rows = await db.threadFollower.findMany({
    where: { threadRootId, following: true },
    select: { userId: true },
  });
  return new Set(rows.map((r) => r.userId));
}
