import { workspaceProcedure } from '../../init.ts';

export const get = workspaceProcedure.query(({ ctx }) =>
  ctx.services.workspaces.getWorkspace(ctx.actor),
);
