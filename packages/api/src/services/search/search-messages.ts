import { searchMessagesInput, type Actor, type MessageDto } from '@parley/contracts';
import { createPostgresSearchEngine } from '../../search/postgres-search-engine.ts';
import { parseSearchQuery } from '../../search/parse-search-query.ts';
import type { SearchEngine } from '../../search/search-engine.ts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { loadMessages } from '../history/load-messages.ts';
import { toMessageDto } from '../messages/message-dto.ts';
import { parseInput } from '../validation.ts';

export function searchEngineOf(deps: ServiceDeps): SearchEngine {
  return deps.search ?? createPostgresSearchEngine(deps.db);
}

/** Searches the messages the caller may read, best matches first, with highlighted snippets. */
export async function searchMessages(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<{ message: MessageDto; snippet: string }[]> {
  const input = parseInput(searchMessagesInput, rawInput);
  const member = await requireMember(deps.db, actor);
  if (member.kind !== 'user') throw forbidden('only people can search');
  const hits = await searchEngineOf(deps).search(
    { workspaceId: actor.workspaceId, userId: member.id, isGuest: member.role === 'guest' },
    parseSearchQuery(input.query),
    input.limit,
  );
  const messages = await loadMessages(
    deps.db,
    { kind: 'live', messageIds: hits.map((h) => h.messageId), workspaceId: actor.workspaceId },
    hits.length,
  );
  const byId = new Map(messages.map((m) => [m.id, m]));
  return hits.flatMap((h) => {
    const m = byId.get(h.messageId);
    return m ? [{ message: toMessageDto(m), snippet: h.snippet }] : [];
  });
}
