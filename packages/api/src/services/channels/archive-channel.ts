import { channelIdInput, type Actor, type ChannelDto } from '@parley/contracts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { toChannelDto } from './channel-dto.ts';
import { requireChannelManager } from './channel-manager.ts';

async function setArchived(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
  archived: boolean,
): Promise<ChannelDto> {
  const input = parseInput(channelIdInput, rawInput);
  const dto = await deps.db.$transaction(async (tx) => {
    const { channel, member } = await requireChannelManager(tx, actor, input.channelId);
    if (channel.name === 'general') throw badRequest('#general cannot be archived');
    const updated = await tx.channel.update({
      where: { id: channel.id },
      data: { archivedAt: archived ? (channel.archivedAt ?? deps.clock()) : null },
    });
    const dto = toChannelDto(updated);
    await writeAudit(tx, member, archived ? 'channel.archived' : 'channel.unarchived', {
      type: 'channel',
      id: channel.id,
    });
    await writeOutbox(tx, deps.clock(), [
      archived
        ? {
            type: 'channel.archived',
            workspaceId: actor.workspaceId,
            channelId: channel.id,
            payload: { channel: dto },
          }
        : {
            type: 'channel.updated',
            workspaceId: actor.workspaceId,
            channelId: channel.id,
            payload: { channel: dto },
          },
    ]);
    return dto;
  });
  deps.events.committed();
  return dto;
}

/** Archived channels stay readable but accept no new messages, reactions or edits. */
export const archiveChannel = (deps: ServiceDeps, actor: Actor, rawInput: unknown) =>
  setArchived(deps, actor, rawInput, true);
export const unarchiveChannel = (deps: ServiceDeps, actor: Actor, rawInput: unknown) =>
  setArchived(deps, actor, rawInput, false);
