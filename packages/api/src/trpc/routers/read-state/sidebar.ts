import { workspaceProcedure } from '../../init.ts';

export const sidebar = workspaceProcedure.query(({ ctx }) =>
  ctx.services.readState.getSidebar(ctx.actor),
);
