import { listPinsInput, pinInput, type Actor, type MessageDto } from '@parley/contracts';
import { assertWritable, requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, forbidden } from '../errors.ts';
import { writeOutbox } from '../outbox/write-outbox.ts';
import { parseInput } from '../validation.ts';
import { loadReadableMessage } from './load-message.ts';
import { messageInclude, toMessageDto } from './message-dto.ts';

const MAX_PINS = 100;

/** Channel members pin a message (idempotent). */
export async function pinMessage(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ pinned: boolean }> {
  const input = parseInput(pinInput, rawInput);
  const pinned = await deps.db.$transaction(async (tx) => {
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    assertWritable(access);
    if (access.member.kind !== 'user') throw forbidden('only people can pin messages');
    if (message.deletedAt) throw badRequest('this message was deleted');
    if (message.pins.length > 0) return false;
    if ((await tx.pin.count({ where: { channelId: message.channelId } })) >= MAX_PINS)
      throw badRequest(`a channel can have at most ${MAX_PINS} pins`);
    await tx.pin.create({
      data: { channelId: message.channelId, messageId: message.id, pinnedById: access.member.id },
    });
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'message.pinned',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: {
          messageId: message.id,
          channelId: message.channelId,
          pinnedById: access.member.id,
        },
      },
    ]);
    return true;
  });
  if (pinned) deps.events.committed();
  return { pinned };
}

export async function unpinMessage(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ unpinned: boolean }> {
  const input = parseInput(pinInput, rawInput);
  const unpinned = await deps.db.$transaction(async (tx) => {
    const { message, access } = await loadReadableMessage(tx, actor, input.messageId);
    assertWritable(access);
    const result = await tx.pin.deleteMany({ where: { messageId: message.id } });
    if (result.count === 0) return false;
    await writeOutbox(tx, deps.clock(), [
      {
        type: 'message.unpinned',
        workspaceId: actor.workspaceId,
        channelId: message.channelId,
        payload: { messageId: message.id, channelId: message.channelId },
      },
    ]);
    return true;
  });
  if (unpinned) deps.events.committed();
  return { unpinned };
}

/** The channel's pinned messages, newest pin first. */
export async function listPins(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<MessageDto[]> {
  const input = parseInput(listPinsInput, rawInput);
  await requireChannelRead(deps.db, actor, input.channelId);
  const pins = await deps.db.pin.findMany({
    where: { channelId: input.channelId },
    orderBy: { createdAt: 'desc' },
    include: { message: { include: messageInclude } },
  });
  return pins.map((p) => toMessageDto(p.message));
}
