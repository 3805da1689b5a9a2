import { channelIdInput, type Actor, type ChannelDto } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { toChannelDto } from './channel-dto.ts';

/** Joins a public channel. Private channels need an invitation from a member; guests need an admin. */
export async function joinChannel(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<ChannelDto> {
  const input = parseInput(channelIdInput, rawInput);
  const result = await deps.db.$transaction(async (tx) => {
    const member = await requireMember(tx, actor);
    if (member.kind !== 'user') throw forbidden('only people can join channels');
    const channel = await tx.channel.findFirst({
      where: { id: input.channelId, workspaceId: actor.workspaceId },
    });
    const already = channel
      ? await tx.channelMember.findUnique({
          where: { channelId_userId: { channelId: channel.id, userId: member.id } },
        })
      : null;
    if (!channel || (channel.kind !== 'public' && !already)) throw notFound('channel');
    if (already) return { dto: toChannelDto(channel), joined: false };
    if (member.role === 'guest')
      throw forbidden('guests can only be added to channels by an admin');
    if (channel.archivedAt) throw forbidden('this channel is archived');
    await tx.channelMember.create({
      data: {
        channelId: channel.id,
        userId: member.id,
        workspaceId: actor.workspaceId,
        lastReadSeq: 0,
      },
    });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'channel.member_joined',
        workspaceId: actor.workspaceId,
        channelId: channel.id,
        payload: { channelId: channel.id, userId: member.id },
      },
    ]);
    return { dto: toChannelDto(channel), joined: true };
  });
  if (result.joined) deps.events.committed();
  return result.dto;
}
