import type { Actor } from '@parley/contracts';
import type { Channel, Role } from '@parley/db';
import {
  channelAccessFromFacts,
  memberFromFacts,
  requireChannelRead,
  requireMember,
  type ChannelAccess,
} from '../access.ts';
import type { DbOrTx } from '../deps.ts';
import { notFound } from '../errors.ts';

type Row = Channel & {
  mRole: Role | null;
  mDeact: Date | null;
  uDeact: Date | null;
  isMember: boolean;
};

/**
 * `requireChannelRead` for the read paths that run on every scroll: for a user, the channel, the
 * membership, the account and the channel membership are loaded in one statement (instead of
 * three) and judged by the same rules. Bots and the system take the general path.
 */
export async function readChannelAccess(
  db: DbOrTx,
  actor: Actor,
  channelId: string,
): Promise<ChannelAccess> {
  if (actor.kind !== 'user') return requireChannelRead(db, actor, channelId);
  const [row] = await db.$queryRaw<Row[]>`
    SELECT c.*, m.role AS "mRole", m."deactivatedAt" AS "mDeact", u."deactivatedAt" AS "uDeact",
           EXISTS (SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = ${actor.id}::uuid) AS "isMember"
    FROM channels c
    LEFT JOIN memberships m ON m."workspaceId" = c."workspaceId" AND m."userId" = ${actor.id}::uuid
    LEFT JOIN users u ON u.id = m."userId"
    WHERE c.id = ${channelId}::uuid AND c."workspaceId" = ${actor.workspaceId}::uuid`;
  if (!row) {
    await requireMember(db, actor); // outsiders hear "not a member", members "not found"
    throw notFound('channel');
  }
  const { mRole, mDeact, uDeact, isMember, ...channel } = row;
  const member = memberFromFacts(actor, {
    role: mRole,
    membershipDeactivated: mDeact !== null,
    userDeactivated: uDeact !== null,
  });
  return channelAccessFromFacts(member, channel, isMember);
}
