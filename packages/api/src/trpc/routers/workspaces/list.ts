import { authedProcedure } from '../../init.ts';

export const list = authedProcedure.query(({ ctx }) =>
  ctx.services.workspaces.listMyWorkspaces(ctx.userId),
);
