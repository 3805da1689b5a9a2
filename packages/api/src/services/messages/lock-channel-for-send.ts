import type { Actor, MessageDto } from '@parley/contracts';
import type { Channel, Role } from '@parley/db';
import {
  channelAccessFromFacts,
  memberFromFacts,
  requireChannelRead,
  requireMember,
  type ChannelAccess,
} from '../access.ts';
import type { Tx } from '../deps.ts';
import { notFound } from '../errors.ts';

export interface SendContext {
  access: ChannelAccess;
  lastSeq: number;
  author: MessageDto['author'];
}

type Row = Channel & {
  mRole: Role | null;
  mDeact: Date | null;
  uDeact: Date | null;
  uName: string | null;
  uAvatar: string | null;
  isMember: boolean;
};

/**
 * Locks the channel row (so seqs are taken one at a time) and loads, in the same single query,
 * everything the access rules need for a user sender. Bots and the system take the general path.
 */
export async function lockChannelForSend(
  tx: Tx,
  actor: Actor,
  channelId: string,
): Promise<SendContext> {
  if (actor.kind !== 'user') {
    const access = await requireChannelRead(tx, actor, channelId);
    const [row] = await tx.$queryRaw<
      { lastSeq: number }[]
    >`SELECT "lastSeq" FROM channels WHERE id = ${channelId}::uuid FOR UPDATE`;
    const bot =
      actor.kind === 'bot'
        ? await tx.bot.findUnique({
            where: { id: actor.id },
            select: { displayName: true, avatarUrl: true },
          })
        : null;
    return {
      access,
      lastSeq: row?.lastSeq ?? 0,
      author: {
        kind: 'bot',
        id: actor.id,
        displayName: bot?.displayName ?? 'System',
        avatarUrl: bot?.avatarUrl ?? null,
      },
    };
  }
  const [row] = await tx.$queryRaw<Row[]>`
    SELECT c.*, m.role AS "mRole", m."deactivatedAt" AS "mDeact", u."deactivatedAt" AS "uDeact",
           u."displayName" AS "uName", u."avatarUrl" AS "uAvatar",
           EXISTS (SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = ${actor.id}::uuid) AS "isMember"
    FROM channels c
    LEFT JOIN memberships m ON m."workspaceId" = c."workspaceId" AND m."userId" = ${actor.id}::uuid
    LEFT JOIN users u ON u.id = ${actor.id}::uuid
    WHERE c.id = ${channelId}::uuid AND c."workspaceId" = ${actor.workspaceId}::uuid
    FOR UPDATE OF c`;
  if (!row) {
    await requireMember(tx, actor); // outsiders hear "not a member", members "not found"
    throw notFound('channel');
  }
  const { mRole, mDeact, uDeact, uName, uAvatar, isMember, ...channel } = row;
  const member = memberFromFacts(actor, {
    role: mRole,
    membershipDeactivated: mDeact !== null,
    userDeactivated: uDeact !== null,
  });
  return {
    access: channelAccessFromFacts(member, channel, isMember),
    lastSeq: channel.lastSeq,
    author: { kind: 'user', id: actor.id, displayName: uName ?? 'Unknown', avatarUrl: uAvatar },
  };
}
