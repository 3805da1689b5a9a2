import type { Actor } from '@parley/contracts';
import { isAdmin, requireChannelRead, type ChannelAccess } from '../access.ts';
import type { DbOrTx } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';

/** Rename, archive and remove-member rights: workspace admins and the channel's creator. */
export async function requireChannelManager(
  db: DbOrTx,
  actor: Actor,
  channelId: string,
): Promise<ChannelAccess> {
  const access = await requireChannelRead(db, actor, channelId);
  const { member, channel } = access;
  if (channel.kind === 'dm' || channel.kind === 'group_dm')
    throw badRequest('direct messages cannot be managed this way');
  const isCreator =
    member.kind === 'user' && channel.createdById === member.id && access.isChannelMember;
  if (!isAdmin(member) && !isCreator)
    throw forbidden('only workspace admins and the channel creator can do this');
  return access;
}
