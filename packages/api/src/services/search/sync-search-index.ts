import { z } from 'zod';
import { id } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { searchEngineOf } from './search-messages.ts';

/** Brings one message's search document up to date (indexed, re-indexed after an edit, or removed). */
export async function syncSearchIndex(deps: ServiceDeps, rawInput: unknown): Promise<void> {
  const input = parseInput(z.object({ messageId: id }), rawInput);
  await searchEngineOf(deps).sync(input.messageId);
}
