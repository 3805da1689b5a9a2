import { rooms, type TypingInput } from '@parley/contracts';
import { DomainError } from '@parley/api';
import type { RealtimeContext, ParleySocket } from '../realtime-context.ts';
import { onCommand } from './command.ts';

/**
 * Typing indicators: only in channels the socket is in, throttled per socket and channel, and
 * expiring on their own (a stop is sent for the typer if no new start arrives in time).
 */
export function registerTypingHandlers(ctx: RealtimeContext, socket: ParleySocket): void {
  const lastSent = new Map<string, number>();
  const expiry = new Map<string, NodeJS.Timeout>();
  const key = (input: TypingInput) => `${input.channelId}:${input.threadRootId ?? ''}`;

  const broadcast = (input: TypingInput, typing: boolean) => {
    socket.to(rooms.channel(input.channelId)).emit('typing', {
      channelId: input.channelId,
      threadRootId: input.threadRootId ?? null,
      userId: socket.data.userId,
      typing,
    });
  };
  const stop = (input: TypingInput) => {
    const k = key(input);
    clearTimeout(expiry.get(k));
    expiry.delete(k);
    lastSent.delete(k);
    broadcast(input, false);
  };

  onCommand(
    ctx,
    socket,
    'typing:start',
    (_actor, input) => {
      if (!socket.rooms.has(rooms.channel(input.channelId)))
        throw new DomainError('FORBIDDEN', 'you are not in this channel');
      const k = key(input);
      const now = performance.now();
      if (now - (lastSent.get(k) ?? -Infinity) >= ctx.typingThrottleMs) {
        lastSent.set(k, now);
        broadcast(input, true);
      }
      clearTimeout(expiry.get(k));
      expiry.set(
        k,
        setTimeout(() => stop(input), ctx.typingExpiryMs),
      );
      return Promise.resolve(null);
    },
    // Rate-limited: the throttle is per channel and thread, and any thread id gets past it.
  );
  onCommand(
    ctx,
    socket,
    'typing:stop',
    (_actor, input) => {
      if (expiry.has(key(input))) stop(input);
      return Promise.resolve(null);
    },
    { rateLimited: false },
  );
  socket.on('disconnect', () => {
    for (const timer of expiry.values()) clearTimeout(timer);
  });
}
