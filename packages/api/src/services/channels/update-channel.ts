import { renameChannelInput, setTopicInput, type Actor, type ChannelDto } from '@parley/contracts';
import { requireChannelWrite } from '../access.ts';
import type { ServiceDeps, Tx } from '../deps.ts';
import { badRequest, conflict } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { toChannelDto } from './channel-dto.ts';
import { requireChannelManager } from './channel-manager.ts';

async function publishUpdate(
  tx: Tx,
  deps: ServiceDeps,
  actor: Actor,
  channel: Parameters<typeof toChannelDto>[0],
) {
  const dto = toChannelDto(channel);
  await writeOutbox(tx, deps.clock(), [
    {
      type: 'channel.updated',
      workspaceId: actor.workspaceId,
      channelId: channel.id,
      payload: { channel: dto },
    },
  ]);
  return dto;
}

/** Admins and the creator rename a channel (#general keeps its name). */
export async function renameChannel(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<ChannelDto> {
  const input = parseInput(renameChannelInput, rawInput);
  try {
    const dto = await deps.db.$transaction(async (tx) => {
      const { channel } = await requireChannelManager(tx, actor, input.channelId);
      if (channel.name === 'general') throw badRequest('#general cannot be renamed');
      if (channel.archivedAt) throw badRequest('unarchive the channel first');
      return publishUpdate(
        tx,
        deps,
        actor,
        await tx.channel.update({ where: { id: channel.id }, data: { name: input.name } }),
      );
    });
    deps.events.committed();
    return dto;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw conflict(`a channel named #${input.name} already exists`);
    throw error;
  }
}

/** Any member of the channel sets its topic. */
export async function setTopic(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<ChannelDto> {
  const input = parseInput(setTopicInput, rawInput);
  const dto = await deps.db.$transaction(async (tx) => {
    const { channel } = await requireChannelWrite(tx, actor, input.channelId);
    return publishUpdate(
      tx,
      deps,
      actor,
      await tx.channel.update({ where: { id: channel.id }, data: { topic: input.topic } }),
    );
  });
  deps.events.committed();
  return dto;
}
