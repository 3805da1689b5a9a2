import { channelPrefsInput, type Actor } from '@parley/contracts';
import { requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { parseInput } from '../validation.ts';

/** The caller's own mute and notification level for a channel they are in. */
export async function setChannelPrefs(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(channelPrefsInput, rawInput);
  const access = await requireChannelRead(deps.db, actor, input.channelId);
  if (!access.isChannelMember || access.member.kind !== 'user')
    throw badRequest('join the channel first');
  const row = await deps.db.channelMember.update({
    where: { channelId_userId: { channelId: input.channelId, userId: access.member.id } },
    data: {
      ...(input.muted !== undefined ? { muted: input.muted } : {}),
      ...(input.notificationLevel ? { notificationLevel: input.notificationLevel } : {}),
    },
  });
  return { channelId: row.channelId, muted: row.muted, notificationLevel: row.notificationLevel };
}
