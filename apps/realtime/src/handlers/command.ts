import { clientCommands, type Ack, type Actor, type ErrorCode } from '@parley/contracts';
import { isDomainError, parseInput } from '@parley/api';
import type { z } from 'zod';
import type { RealtimeContext, ParleySocket } from '../realtime-context.ts';

type CommandName = keyof typeof clientCommands;
type LooseSocket = { on(event: string, listener: (...args: unknown[]) => void): void };

function fail(code: ErrorCode, message: string): Ack<never> {
  return { error: { code, message } };
}

/**
 * Registers a client command: rate-limits per user, validates the payload against its contract,
 * runs it as the socket's actor and acks `{ ok, data }` or `{ error: { code, message } }`.
 */
export function onCommand<K extends CommandName, R>(
  ctx: RealtimeContext,
  socket: ParleySocket,
  name: K,
  run: (actor: Actor, input: z.output<(typeof clientCommands)[K]>) => Promise<R>,
  options: { rateLimited?: boolean } = {},
): void {
  (socket as unknown as LooseSocket).on(name, (raw: unknown, maybeAck: unknown) => {
    const ack =
      typeof maybeAck === 'function' ? (maybeAck as (r: Ack<R>) => void) : () => undefined;
    const actor: Actor = {
      kind: 'user',
      id: socket.data.userId,
      workspaceId: socket.data.workspaceId,
    };
    void (async () => {
      if (
        options.rateLimited !== false &&
        !(await ctx.limiter.take(`${actor.workspaceId}:${actor.id}`))
      ) {
        return ack(fail('RATE_LIMITED', 'You are sending too fast. Wait a moment and try again.'));
      }
      // A bad payload throws BAD_REQUEST naming the field, acked below like any domain error.
      const input = parseInput(clientCommands[name], raw) as z.output<(typeof clientCommands)[K]>;
      const data = await run(actor, input);
      ack({ ok: true, data });
    })().catch((error: unknown) => {
      if (isDomainError(error)) return ack(fail(error.code, error.message));
      ctx.logger.error({ err: error, command: name }, 'socket command failed');
      ack(fail('INTERNAL', 'Something went wrong on our side. Please try again.'));
    });
  });
}
