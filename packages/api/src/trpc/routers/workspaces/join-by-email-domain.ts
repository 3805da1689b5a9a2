import { workspaceProcedure } from '../../init.ts';

export const joinByEmailDomain = workspaceProcedure.mutation(({ ctx }) =>
  ctx.services.workspaces.joinByEmailDomain(ctx.userId, { workspaceId: ctx.actor.workspaceId }),
);
