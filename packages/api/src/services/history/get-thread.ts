import { threadInput, type Actor, type MessageDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { toMessageDto } from '../messages/message-dto.ts';
import { parseInput } from '../validation.ts';
import { loadMessages, SEQ_MIN } from './load-messages.ts';
import { readChannelAccess } from './read-channel-access.ts';

/** A thread: its root and a page of replies in seq order (keyset: replies after a seq). */
export async function getThread(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ root: MessageDto; replies: MessageDto[]; hasMore: boolean }> {
  const input = parseInput(threadInput, rawInput);
  const [[root], rows] = await Promise.all([
    loadMessages(
      deps.db,
      { kind: 'one', messageId: input.rootId, workspaceId: actor.workspaceId },
      1,
    ),
    loadMessages(
      deps.db,
      { kind: 'thread', rootId: input.rootId, after: input.after ?? SEQ_MIN },
      input.limit + 1,
    ),
  ]);
  if (!root) throw notFound('message');
  await readChannelAccess(deps.db, actor, root.channelId);
  if (root.threadRootId) throw notFound('thread');
  return {
    root: toMessageDto(root),
    replies: rows.slice(0, input.limit).map(toMessageDto),
    hasMore: rows.length > input.limit,
  };
}
