import { threadInput, type Actor, type MessageDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { loadReadableMessage } from '../messages/load-message.ts';
import { messageInclude, toMessageDto } from '../messages/message-dto.ts';
import { parseInput } from '../validation.ts';

/** A thread: its root and a page of replies in seq order (keyset: replies after a seq). */
export async function getThread(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ root: MessageDto; replies: MessageDto[]; hasMore: boolean }> {
  const input = parseInput(threadInput, rawInput);
  const { message: root } = await loadReadableMessage(deps.db, actor, input.rootId);
  if (root.threadRootId) throw notFound('thread');
  const rows = await deps.db.message.findMany({
    where: {
      threadRootId: root.id,
      ...(input.after !== undefined ? { seq: { gt: input.after } } : {}),
    },
    orderBy: { seq: 'asc' },
    take: input.limit + 1,
    include: messageInclude,
  });
  return {
    root: toMessageDto(root),
    replies: rows.slice(0, input.limit).map(toMessageDto),
    hasMore: rows.length > input.limit,
  };
}
