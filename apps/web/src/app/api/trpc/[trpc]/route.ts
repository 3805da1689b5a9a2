import { appRouter } from '@parley/api/trpc';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getUserId } from '@/server/auth';
import { getMutationLimiter, getServices } from '@/server/services';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => ({
      services: getServices(),
      userId: await getUserId(),
      ip: req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null,
      limiter: getMutationLimiter(),
    }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        getServices().deps.logger.error({ err: error.cause ?? error, path }, 'tRPC error');
    },
  });
}

export { handler as GET, handler as POST };
