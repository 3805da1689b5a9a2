import { createChannelInput, type Actor, type ChannelDto } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { conflict, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { toChannelDto } from './channel-dto.ts';
import { activeMemberIds } from './active-member-ids.ts';

/** Creates a public or private channel; the creator and the listed members join it. Guests cannot. */
export async function createChannel(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<ChannelDto> {
  const input = parseInput(createChannelInput, rawInput);
  try {
    const channel = await deps.db.$transaction(async (tx) => {
      const member = await requireMember(tx, actor);
      if (member.kind !== 'user') throw forbidden('only people can create channels');
      if (member.role === 'guest') throw forbidden('guests cannot create channels');
      const others = await activeMemberIds(tx, actor.workspaceId, input.memberIds ?? []);
      const memberIds = [...new Set([member.id, ...others])];
      const created = await tx.channel.create({
        data: {
          workspaceId: actor.workspaceId,
          kind: input.kind,
          name: input.name,
          topic: input.topic ?? '',
          purpose: input.purpose ?? '',
          createdById: member.id,
          members: {
            create: memberIds.map((userId) => ({ userId, workspaceId: actor.workspaceId })),
          },
        },
      });
      const dto = toChannelDto(created, { memberCount: memberIds.length });
      await writeOutbox(tx, deps.clock(), [
        {
          type: 'channel.created',
          workspaceId: actor.workspaceId,
          channelId: created.id,
          payload: { channel: dto, memberIds },
        },
      ]);
      return dto;
    });
    deps.events.committed();
    return channel;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw conflict(`a channel named #${input.name} already exists`);
    throw error;
  }
}
