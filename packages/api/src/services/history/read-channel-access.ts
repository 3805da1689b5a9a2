import type { Actor } from '@parley/contracts';
import { pgPoolOf, type Channel, type Db, type Role } from '@parley/db';
import {
  channelAccessFromFacts,
  memberFromFacts,
  requireChannelRead,
  requireMember,
  type ChannelAccess,
} from '../access.ts';
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
 * three, as a named prepared statement) and judged by the same rules. Bots and the system take
 * the general path.
 */
export async function readChannelAccess(
  db: Db,
  actor: Actor,
  channelId: string,
): Promise<ChannelAccess> {
  if (actor.kind !== 'user') return requireChannelRead(db, actor, channelId);
  const { rows } = await pgPoolOf(db).query<Row>({
    name: 'parley_history_channel_access',
    text: CHANNEL_ACCESS,
    values: [channelId, actor.workspaceId, actor.id],
  });
  const [row] = rows;
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

// $1 channel, $2 workspace, $3 user. Timestamps leave as timestamptz (they hold UTC), so the
// driver parses the right instant whatever the process time zone.
const CHANNEL_ACCESS = `
  SELECT c.id, c."workspaceId", c.kind, c.name, c.topic, c.purpose, c."dmKey",
         c."archivedAt" AT TIME ZONE 'UTC' AS "archivedAt", c."lastSeq",
         c."lastMessageAt" AT TIME ZONE 'UTC' AS "lastMessageAt", c."createdById",
         c."createdAt" AT TIME ZONE 'UTC' AS "createdAt", c."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt",
         m.role AS "mRole", m."deactivatedAt" AS "mDeact", u."deactivatedAt" AS "uDeact",
         EXISTS (SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = $3) AS "isMember"
  FROM channels c
  LEFT JOIN memberships m ON m."workspaceId" = c."workspaceId" AND m."userId" = $3
  LEFT JOIN users u ON u.id = m."userId"
  WHERE c.id = $1 AND c."workspaceId" = $2`;
