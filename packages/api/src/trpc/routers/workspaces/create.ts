import { createWorkspaceInput } from '@parley/contracts';
import { authedProcedure } from '../../init.ts';

export const create = authedProcedure
  .input(createWorkspaceInput)
  .mutation(({ ctx, input }) => ctx.services.workspaces.createWorkspace(ctx.userId, input));
