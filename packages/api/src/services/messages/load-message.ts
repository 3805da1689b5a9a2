import type { Actor } from '@parley/contracts';
import { requireChannelRead, type ChannelAccess } from '../access.ts';
import type { DbOrTx, Tx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { messageInclude } from './message-dto.ts';

/** Loads a message the actor may read (same workspace, readable channel), or NOT_FOUND. */
export async function loadReadableMessage(db: DbOrTx, actor: Actor, messageId: string) {
  const message = await db.message.findFirst({
    where: { id: messageId, workspaceId: actor.workspaceId },
    include: messageInclude,
  });
  if (!message) throw notFound('message');
  const access: ChannelAccess = await requireChannelRead(db, actor, message.channelId);
  return { message, access };
}

/** Row lock on a message, so concurrent edits/deletes of one message serialize. */
export async function lockMessage(tx: Tx, messageId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM messages WHERE id = ${messageId}::uuid FOR UPDATE`;
}
