import { historyInput, type Actor, type MessageDto } from '@parley/contracts';
import type { Prisma } from '@parley/db';
import { requireChannelRead } from '../access.ts';
import type { DbOrTx, ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { messageInclude, toMessageDto } from '../messages/message-dto.ts';

export interface HistoryPage {
  messages: MessageDto[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

type SeqFilter = Prisma.IntFilter;

async function page(
  db: DbOrTx,
  channelId: string,
  seq: SeqFilter | undefined,
  direction: 'asc' | 'desc',
  take: number,
) {
  return db.message.findMany({
    where: { channelId, threadRootId: null, ...(seq ? { seq } : {}) },
    orderBy: { seq: direction },
    take: take + 1,
    include: messageInclude,
  });
}

async function exists(db: DbOrTx, channelId: string, seq: SeqFilter): Promise<boolean> {
  return (
    (await db.message.findFirst({
      where: { channelId, threadRootId: null, seq },
      select: { id: true },
    })) !== null
  );
}

/**
 * A page of a channel's top-level messages by keyset on seq: the newest page, or the page before,
 * after or around a seq. Messages come back in ascending seq order; threads are read separately.
 */
export async function getHistory(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<HistoryPage> {
  const input = parseInput(historyInput, rawInput);
  const { channel } = await requireChannelRead(deps.db, actor, input.channelId);
  const db = deps.db;
  const limit = input.limit;
  const id = channel.id;

  if (input.after !== undefined) {
    const rows = await page(db, id, { gt: input.after }, 'asc', limit);
    return {
      messages: rows.slice(0, limit).map(toMessageDto),
      hasMoreAfter: rows.length > limit,
      hasMoreBefore: await exists(db, id, { lte: input.after }),
    };
  }
  if (input.around !== undefined) {
    const half = Math.floor(limit / 2);
    const [older, newer] = await Promise.all([
      page(db, id, { lt: input.around }, 'desc', half),
      page(db, id, { gte: input.around }, 'asc', limit - half),
    ]);
    return {
      messages: [...older.slice(0, half).reverse(), ...newer.slice(0, limit - half)].map(
        toMessageDto,
      ),
      hasMoreBefore: older.length > half,
      hasMoreAfter: newer.length > limit - half,
    };
  }
  const rows = await page(
    db,
    id,
    input.before !== undefined ? { lt: input.before } : undefined,
    'desc',
    limit,
  );
  return {
    messages: rows.slice(0, limit).reverse().map(toMessageDto),
    hasMoreBefore: rows.length > limit,
    hasMoreAfter: input.before !== undefined ? await exists(db, id, { gte: input.before }) : false,
  };
}
