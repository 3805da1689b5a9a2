import type { Role } from '@parley/contracts';
import type { Tx } from '../deps.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';

/**
 * Makes a user a member (or reactivates nothing: deactivated members stay out) and puts them in
 * #general. Shared by invites and email-domain joins. Returns false if they were already a member.
 */
export async function addUserToWorkspace(
  tx: Tx,
  now: Date,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const existing = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
  });
  if (existing) return false;
  await tx.membership.create({ data: { workspaceId, userId, role } });
  const general = await tx.channel.findFirst({
    where: { workspaceId, name: 'general' },
    select: { id: true, lastSeq: true },
  });
  const events: Parameters<typeof writeOutbox>[2] = [
    { type: 'member.joined', workspaceId, channelId: null, payload: { userId, role } },
  ];
  if (general && role !== 'guest') {
    await tx.channelMember.create({
      data: { channelId: general.id, userId, workspaceId, lastReadSeq: general.lastSeq },
    });
    events.push({
      type: 'channel.member_joined',
      workspaceId,
      channelId: general.id,
      payload: { channelId: general.id, userId },
    });
  }
  await writeOutbox(tx, now, events);
  return true;
}
