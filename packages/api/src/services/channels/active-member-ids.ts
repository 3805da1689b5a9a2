import type { DbOrTx } from '../deps.ts';
import { DomainError } from '../errors.ts';

/** Checks that every id is an active member of the workspace; returns them de-duplicated. */
export async function activeMemberIds(
  db: DbOrTx,
  workspaceId: string,
  userIds: string[],
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const found = await db.membership.findMany({
    where: {
      workspaceId,
      userId: { in: unique },
      deactivatedAt: null,
      user: { deactivatedAt: null },
    },
    select: { userId: true },
  });
  if (found.length !== unique.length)
    throw new DomainError(
      'NOT_FOUND',
      'some of these people are not active members of this workspace',
    );
  return unique;
}
