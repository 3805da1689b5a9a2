import { initTRPC, TRPCError } from '@trpc/server';
import { id, type Actor } from '@parley/contracts';
import superjson from 'superjson';
import { z } from 'zod';
import type { Services } from '../services/create-services.ts';
import { isDomainError } from '../services/errors.ts';
import type { TokenBucket } from '../rate-limit/token-bucket.ts';
import { trpcCodeFor } from './error-codes.ts';

export interface TrpcContext {
  services: Services;
  /** The signed-in user (from the web session), or null. */
  userId: string | null;
  /** Client address, for rate limits and audit. */
  ip: string | null;
  /** Per-caller token bucket for mutations (absent in tests that do not exercise limits). */
  limiter?: TokenBucket;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      // Never leak stack traces or internals to clients.
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        domainCode: isDomainError(cause) ? cause.code : null,
      },
    };
  },
});

/** DomainErrors thrown by services become tRPC errors with the matching code and the same message. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isDomainError(cause)) {
      throw new TRPCError({ code: trpcCodeFor[cause.code], message: cause.message, cause });
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      throw new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Something went wrong on our side. Please try again.',
        cause: result.error,
      });
    }
  }
  return result;
});

/** Mutations are rate-limited per signed-in user, or per address when signed out. */
const rateLimitMutations = t.middleware(async ({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.limiter) {
    const key = ctx.userId ? `user:${ctx.userId}` : `ip:${ctx.ip ?? 'unknown'}`;
    if (!(await ctx.limiter.take(key))) {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: 'You are going a bit fast. Wait a moment and try again.',
      });
    }
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors).use(rateLimitMutations);

/** Requires a signed-in user. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/**
 * Workspace-scoped: the input carries `workspaceId`; the procedure gets `ctx.actor`. Membership and
 * roles are checked by the services themselves, not here.
 */
export const workspaceProcedure = authedProcedure
  .input(z.object({ workspaceId: id }))
  .use(({ ctx, input, next }) => {
    const actor: Actor = { kind: 'user', id: ctx.userId, workspaceId: input.workspaceId };
    return next({ ctx: { ...ctx, actor } });
  });

/** Drops the routing field before handing input to a service. */
export function withoutWorkspace<T extends { workspaceId: string }>(
  input: T,
): Omit<T, 'workspaceId'> {
  const { workspaceId: _ignored, ...rest } = input;
  return rest;
}
