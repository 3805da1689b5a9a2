import { syncInput, type Actor, type SyncChannelResult, type SyncResult } from '@parley/contracts';
import { requireChannelRead } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { isDomainError } from '../errors.ts';
import { messageInclude, toMessageDto } from '../messages/message-dto.ts';
import { parseInput } from '../validation.ts';

/** Past this many missed messages in one channel the client refetches history instead. */
export const SYNC_LIMIT_PER_CHANNEL = 500;
const MAX_CHANNELS = 500;

/**
 * The reply to a reconnecting client's `sync`: for each channel, every message after the seq it last
 * saw (thread replies included, current state: edits and deletions applied), in seq order — or
 * "too far behind" past the limit. Channels it may no longer read are reported, never leaked.
 */
export async function syncChannels(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<SyncResult> {
  const input = parseInput(syncInput, rawInput);
  const entries = Object.entries(input.channels).slice(0, MAX_CHANNELS);
  const channels: SyncChannelResult[] = [];
  for (const [channelId, lastSeq] of entries) {
    try {
      const { channel } = await requireChannelRead(deps.db, actor, channelId);
      if (channel.lastSeq - lastSeq > SYNC_LIMIT_PER_CHANNEL) {
        channels.push({ channelId, status: 'too_far_behind', lastSeq: channel.lastSeq });
        continue;
      }
      const rows = await deps.db.message.findMany({
        where: { channelId, seq: { gt: lastSeq } },
        orderBy: { seq: 'asc' },
        take: SYNC_LIMIT_PER_CHANNEL,
        include: messageInclude,
      });
      channels.push({ channelId, status: 'ok', messages: rows.map(toMessageDto) });
    } catch (error) {
      if (
        isDomainError(error) &&
        (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN') &&
        error.message !== 'your account is deactivated'
      ) {
        channels.push({ channelId, status: 'forbidden' });
      } else throw error;
    }
  }
  return { channels };
}
