import { openDmInput, type Actor, type ChannelDto } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { activeMemberIds } from './active-member-ids.ts';
import { toChannelDto } from './channel-dto.ts';

/**
 * Finds or creates the DM (one other person) or group DM (2–8 others) for exactly this set of
 * people. The set's sorted ids are the channel's dmKey, unique per workspace, so concurrent opens
 * of the same set meet on one channel.
 */
export async function openDm(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<ChannelDto> {
  const input = parseInput(openDmInput, rawInput);
  const member = await requireMember(deps.db, actor);
  if (member.kind !== 'user') throw forbidden('only people can open direct messages');
  const others = (await activeMemberIds(deps.db, actor.workspaceId, input.userIds)).filter(
    (id) => id !== member.id,
  );
  const ids = [...new Set([member.id, ...others])].sort();
  if (ids.length < 2 && input.userIds.every((id) => id !== member.id))
    throw badRequest('pick someone to message');
  const dmKey = ids.join(':');
  const kind = ids.length <= 2 ? 'dm' : 'group_dm';
  const dto = (channel: Parameters<typeof toChannelDto>[0]) =>
    toChannelDto(channel, { dmUserIds: ids.filter((id) => id !== member.id) });

  const existing = await deps.db.channel.findUnique({
    where: { workspaceId_dmKey: { workspaceId: actor.workspaceId, dmKey } },
  });
  if (existing) return dto(existing);
  const created = await deps.db.$transaction(async (tx) => {
    // ON CONFLICT keeps concurrent opens from failing: the loser reads the winner's channel.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO channels (id, "workspaceId", kind, "dmKey", "createdById", "updatedAt")
      VALUES (gen_random_uuid(), ${actor.workspaceId}::uuid, ${kind}::"ChannelKind", ${dmKey}, ${member.id}::uuid, now())
      ON CONFLICT ("workspaceId", "dmKey") DO NOTHING
      RETURNING id::text`;
    const id = rows[0]?.id;
    if (!id) return null;
    await tx.channelMember.createMany({
      data: ids.map((userId) => ({ channelId: id, userId, workspaceId: actor.workspaceId })),
    });
    const channel = await tx.channel.findUniqueOrThrow({ where: { id } });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'channel.created',
        workspaceId: actor.workspaceId,
        channelId: id,
        payload: { channel: toChannelDto(channel), memberIds: ids },
      },
    ]);
    return channel;
  });
  if (created) {
    deps.events.committed();
    return dto(created);
  }
  return dto(
    await deps.db.channel.findUniqueOrThrow({
      where: { workspaceId_dmKey: { workspaceId: actor.workspaceId, dmKey } },
    }),
  );
}
