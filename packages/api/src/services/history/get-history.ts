import { historyInput, type Actor, type MessageDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { toMessageDto } from '../messages/message-dto.ts';
import { hasMessages, loadMessages, SEQ_MAX, SEQ_MIN } from './load-messages.ts';
import { readChannelAccess } from './read-channel-access.ts';

export interface HistoryPage {
  messages: MessageDto[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

/**
 * A page of a channel's top-level messages by keyset on seq: the newest page, or the page before,
 * after or around a seq. Messages come back in ascending seq order; threads are read separately.
 *
 * The access check, the page (one more row than asked for, to know whether there are more) and
 * the probe for messages on the other side run at the same time: a page costs one round trip of
 * latency. Nothing read is returned unless the access check passes.
 */
export async function getHistory(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<HistoryPage> {
  const input = parseInput(historyInput, rawInput);
  const db = deps.db;
  const limit = input.limit;
  const channelId = input.channelId;
  const page = (after: number, before: number, order: 'asc' | 'desc', take: number) =>
    loadMessages(db, { kind: 'channel', channelId, after, before, order }, take + 1);
  const access = readChannelAccess(db, actor, channelId);

  if (input.after !== undefined) {
    const [, rows, before] = await Promise.all([
      access,
      page(input.after, SEQ_MAX, 'asc', limit),
      hasMessages(db, channelId, SEQ_MIN, input.after + 1),
    ]);
    return {
      messages: rows.slice(0, limit).map(toMessageDto),
      hasMoreAfter: rows.length > limit,
      hasMoreBefore: before,
    };
  }
  if (input.around !== undefined) {
    const half = Math.floor(limit / 2);
    const [, older, newer] = await Promise.all([
      access,
      page(SEQ_MIN, input.around, 'desc', half),
      page(input.around - 1, SEQ_MAX, 'asc', limit - half),
    ]);
    return {
      messages: [...older.slice(0, half).reverse(), ...newer.slice(0, limit - half)].map(
        toMessageDto,
      ),
      hasMoreBefore: older.length > half,
      hasMoreAfter: newer.length > limit - half,
    };
  }
  const before = input.before;
  const [, rows, after] = await Promise.all([
    access,
    page(SEQ_MIN, before ?? SEQ_MAX, 'desc', limit),
    before !== undefined ? hasMessages(db, channelId, before - 1, SEQ_MAX) : false,
  ]);
  return {
    messages: rows.slice(0, limit).reverse().map(toMessageDto),
    hasMoreBefore: rows.length > limit,
    hasMoreAfter: after,
  };
}
